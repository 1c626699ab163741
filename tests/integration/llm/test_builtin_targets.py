"""The builtin generator's depth on the sample DB, at 5x10 and 10x10 (issue 11 targets):
over the documents ddl_generation really writes for it (business keys included)."""

import asyncpg
import pytest

from services.executor.llm.builtin import BuiltinLLM
from services.executor.llm.docs import load_schema_docs
from services.executor.pair_stats.rows import rows_returned
from services.executor.pair_stats.summary import Summary, summarize
from shared.storage import Storage
from tests.helpers.pairs import FEATURE_MINIMUM
from tests.integration.ddl.support import REFERENCE_DIR, run_ddl_step
from tests.unit.llm.highway import CONTEXT


@pytest.fixture(scope="module")
async def sample_docs(pool, settings, business_db_url):
    table_list = (REFERENCE_DIR / "table_list.txt").read_text(encoding="utf-8")
    run = await run_ddl_step(pool, settings, {"db_name": "highway_db"}, table_list)
    return await load_schema_docs(Storage(settings.data_root), run.task_id, CONTEXT, "highway_db")


async def _generate(docs, themes: int, per_theme: int) -> list[dict[str, str]]:
    llm = BuiltinLLM()
    pairs = []
    for theme in await llm.extract_themes(docs, themes):
        pairs += [
            {"question": p.question, "sql": p.sql}
            for p in await llm.generate_pairs(docs, theme, per_theme)
        ]
    return pairs


async def _explain_errors(dsn: str, sqls: list[str]) -> list[str]:
    conn = await asyncpg.connect(dsn)
    errors = []
    try:
        for sql in sqls:
            try:
                await conn.fetch(f"EXPLAIN {sql}")
            except asyncpg.PostgresError as exc:
                errors.append(f"{sql}: {exc}")
    finally:
        await conn.close()
    return errors


@pytest.fixture(scope="module", params=[(5, 10), (10, 10)], ids=["5x10", "10x10"])
async def measured(request, sample_docs, business_db_url) -> tuple[list[dict[str, str]], Summary]:
    pairs = await _generate(sample_docs, *request.param)
    rows = await rows_returned(business_db_url, [p["sql"] for p in pairs])
    return pairs, summarize(pairs, rows)


async def test_every_pair_is_there_once(measured):
    summary = measured[1]
    assert summary.total in (50, 100)
    assert (summary.duplicate_pairs, summary.duplicate_questions) == (0, 0)


@pytest.mark.parametrize("feature", sorted(FEATURE_MINIMUM))
async def test_feature_share_reaches_its_target(measured, feature):
    _, summary = measured
    assert summary.shares[feature] >= FEATURE_MINIMUM[feature], summary.shares


async def test_almost_no_bare_counts(measured):
    assert measured[1].shares["bare_count"] <= 0.02


async def test_all_explain_and_90_percent_return_rows(measured, business_db_url):
    pairs, summary = measured
    assert await _explain_errors(business_db_url, [p["sql"] for p in pairs]) == []
    assert summary.errors == 0
    assert summary.with_rows is not None
    assert summary.with_rows >= 0.9 * summary.total


async def test_no_question_names_the_mapper_as_the_entity_it_maps(measured):
    pairs, _ = measured
    assert not [p["question"] for p in pairs if "服务区下有多少个服务区？" in p["question"]]
    assert not [p["question"] for p in pairs if "数据来源类别为" in p["question"]]
