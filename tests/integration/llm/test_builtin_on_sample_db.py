"""The builtin provider on the highway schema: every generated SQL plans on the sample DB."""

import re

import asyncpg
import pytest

from services.executor.llm.base import SchemaDocs
from services.executor.llm.builtin import BuiltinLLM
from services.executor.llm.builtin.columns import SOFT_DELETE

THEMES, PER_THEME = 5, 10


@pytest.fixture(scope="module")
async def generated(docs: SchemaDocs):
    llm = BuiltinLLM()
    themes = await llm.extract_themes(docs, THEMES)
    return themes, [await llm.generate_pairs(docs, theme, PER_THEME) for theme in themes]


async def _explain_errors(url: str, sqls: list[str]) -> list[tuple[str, str]]:
    conn = await asyncpg.connect(url)
    errors = []
    try:
        for sql in sqls:
            try:
                async with conn.transaction(readonly=True):
                    await conn.execute(f"EXPLAIN {sql}")
            except asyncpg.PostgresError as exc:
                errors.append((sql, str(exc)))
    finally:
        await conn.close()
    return errors


async def test_every_sql_plans_on_the_sample_db(generated, business_db_url):
    _, per_theme = generated
    sqls = [pair.sql for pairs in per_theme for pair in pairs]
    assert len(sqls) == THEMES * PER_THEME
    assert await _explain_errors(business_db_url, sqls) == []


async def test_themes_count_and_real_tables(generated, docs):
    themes, _ = generated
    names = {t.name for t in docs.tables}
    assert len(themes) == THEMES
    assert all(set(t.related_tables) <= names for t in themes)
    assert len({t.topic_name for t in themes}) == THEMES
    assert all(len(t.topic_name) <= 10 for t in themes)


async def test_pairs_are_distinct_single_line_and_terminated(generated):
    _, per_theme = generated
    for pairs in per_theme:
        assert len(pairs) == PER_THEME
        assert len({p.sql for p in pairs}) == PER_THEME
        assert len({p.question for p in pairs}) == PER_THEME
        assert all(p.sql.endswith(";") and "\n" not in p.sql for p in pairs)


async def test_questions_are_chinese(generated):
    _, per_theme = generated
    assert all(re.search(r"[\u4e00-\u9fff]", p.question) for ps in per_theme for p in ps)


async def test_soft_delete_filter_on_every_table_that_has_it(generated, docs):
    soft = {t.name for t in docs.tables if any(c.name == SOFT_DELETE for c in t.columns)}
    _, per_theme = generated
    for pair in (p for ps in per_theme for p in ps):
        # Each table with delete_ts appears with its alias (or bare) followed by a filter.
        for name, alias in re.findall(r"(?:FROM|JOIN) (\w+)(?: ([a-z])\b)?", pair.sql):
            if name in soft:
                column = f"{alias}.{SOFT_DELETE}" if alias else SOFT_DELETE
                assert f"{column} IS NULL" in pair.sql, pair.sql


async def test_joins_follow_foreign_keys(generated):
    _, per_theme = generated
    joins = [p.sql for ps in per_theme for p in ps if " JOIN " in p.sql]
    assert any("ON b.company_id = c.id" in sql for sql in joins)
    assert any("section_route_id" in sql for sql in joins)


async def test_same_input_same_output(generated, docs):
    themes, per_theme = generated
    again = BuiltinLLM()
    assert await again.extract_themes(docs, THEMES) == themes
    assert [await again.generate_pairs(docs, t, PER_THEME) for t in themes] == per_theme
