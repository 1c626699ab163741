"""Enum detection on columns named by reserved words (`select`, `order`)."""

import asyncpg

from tests.integration.ddl.support import run_ddl_step

SCHEMA = """
DROP SCHEMA IF EXISTS words CASCADE;
CREATE SCHEMA words;
CREATE TABLE words.promo ("select" text, "order" varchar(10), pct numeric(5,2));
INSERT INTO words.promo
  SELECT CASE WHEN i % 2 = 0 THEN 'x' ELSE 'y' END, CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END, i
  FROM generate_series(1, 30) i;
"""


async def test_reserved_word_columns_are_sampled_and_detected_as_enums(
    pool, settings, scratch_db_url
):
    conn = await asyncpg.connect(scratch_db_url)
    try:
        await conn.execute(SCHEMA)
    finally:
        await conn.close()
    run = await run_ddl_step(pool, settings, {"db_connection": scratch_db_url}, "words.promo")
    detail = run.text("words_promo_detail.md")
    assert "- select 为枚举字段，包含取值：" in detail
    assert "- order 为枚举字段，包含取值：" in detail
