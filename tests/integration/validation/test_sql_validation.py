"""sql_validation on the highway sample DB: EXPLAIN checks, pair-file fixes and reports."""

import json
from typing import Any

import asyncpg
import pytest

from services.executor.steps import qa_generation
from shared.config import Settings
from shared.errors import StepFailed
from shared.models import StepName
from tests.integration.qa.support import (
    REFERENCE_DIR,
    qa_params,
)
from tests.integration.validation.support import (
    PAIR_FILE,
    file_names,
    task_file,
    validate,
    with_password,
    write_pairs,
)
from tests.steps_support import step_context

BROKEN_ITEMS = [
    {
        "question": "有效1",
        "sql": "SELECT service_area_name FROM bss_service_area WHERE delete_ts IS NULL;",
    },
    "不是对象",
    {"question": "未知列", "sql": "SELECT no_such_column FROM bss_company;"},
    {"question": "有效2", "sql": "SELECT count(*) AS 数量 FROM bss_company;"},
    {"question": "缺少SQL"},
    {"question": "语法错误", "sql": "SELECT company_name FROM bss_company WHERE;"},
    {"question": "多条语句", "sql": "SELECT 1; DROP TABLE bss_company;"},
    {"question": "有效3", "sql": "SELECT company_name FROM bss_company ORDER BY 1 LIMIT 3;"},
]


@pytest.fixture
async def broken_run(
    pool: asyncpg.Pool, settings: Settings, business_db_url: str, schema_task: str
) -> tuple[str, str, dict[str, Any]]:
    original = write_pairs(settings, schema_task, BROKEN_ITEMS)
    params = qa_params(with_password(business_db_url), enable_llm_repair=False)
    result = await validate(pool, settings, params, schema_task)
    return schema_task, original, result


async def test_builtin_pairs_all_validate(pool, settings, business_db_url, schema_task):
    params = qa_params(business_db_url)
    async with step_context(
        pool, settings, StepName.qa_generation, params, task_id=schema_task
    ) as ctx:
        generated = await qa_generation.run(ctx)
    result = await validate(pool, settings, params, schema_task)
    assert result["original_sql_count"] == generated["total_questions"]
    assert result["invalid_sql_count"] == 0


async def test_broken_sql_is_counted_per_item(broken_run):
    _, _, result = broken_run
    counts = [result[k] for k in ("original_sql_count", "valid_sql_count", "invalid_sql_count")]
    assert counts == [6, 3, 3]
    assert result["skipped_items"] == 2
    assert result["file_modification_stats"] == {
        "modified": 0,
        "deleted": 3,
        "failed_modifications": 0,
    }


async def test_invalid_items_are_removed_and_malformed_items_stay_in_place(settings, broken_run):
    task_id, _, _ = broken_run
    kept = json.loads(task_file(settings, task_id, PAIR_FILE))
    assert kept == [BROKEN_ITEMS[i] for i in (0, 1, 3, 4, 7)]


async def test_backup_holds_the_original_content(settings, broken_run):
    task_id, original, _ = broken_run
    assert task_file(settings, task_id, PAIR_FILE + ".backup") == original


async def test_the_multi_statement_sql_never_ran(business_db_url, broken_run):
    conn = await asyncpg.connect(business_db_url)
    try:
        assert await conn.fetchval("SELECT to_regclass('public.bss_company') IS NOT NULL")
    finally:
        await conn.close()


async def test_reports_and_modification_log_are_written(settings, broken_run):
    task_id, _, _ = broken_run
    names = file_names(settings, task_id)
    assert any(n.startswith("sql_validation_") and n.endswith("_summary.log") for n in names)
    assert any(n.startswith("file_modifications_") for n in names)
    report_name = next(n for n in names if n.endswith("_report.json"))
    report = json.loads(task_file(settings, task_id, report_name))
    assert report["summary"]["invalid_sqls"] == 3
    assert [d["index"] for d in report["detailed_results"]] == [1, 3, 4, 6, 7, 8]


async def test_report_masks_the_database_password(settings, broken_run):
    task_id, _, _ = broken_run
    texts = [
        task_file(settings, task_id, n)
        for n in file_names(settings, task_id)
        if "sql_validation_" in n
    ]
    assert texts
    assert not any("topsecret" in t for t in texts)
    assert any("******" in t for t in texts)


async def test_summary_log_explains_each_invalid_sql(settings, broken_run):
    task_id, _, _ = broken_run
    name = next(n for n in file_names(settings, task_id) if n.endswith("_summary.log"))
    summary = task_file(settings, task_id, name)
    assert "no_such_column" in summary
    assert "多条语句" in summary
    assert "错误详情（共3个）" in summary


async def test_reference_pairs_validate_against_the_sample_db(
    pool, settings, business_db_url, schema_task
):
    reference = REFERENCE_DIR / "qs_highway_db_20250721_203452_pair.json.backup"
    write_pairs(settings, schema_task, json.loads(reference.read_text("utf-8")))
    params = qa_params(business_db_url, enable_llm_repair=False, modify_original_file=False)
    result = await validate(pool, settings, params, schema_task)
    print(f"reference pairs valid: {result['valid_sql_count']}/{result['original_sql_count']}")
    assert result["original_sql_count"] == 50
    report = next(n for n in file_names(settings, schema_task) if n.endswith("_report.json"))
    details = json.loads(task_file(settings, schema_task, report))["detailed_results"]
    errors = [d["error_message"] for d in details if not d["valid"]]
    assert result["valid_sql_count"] >= 40, errors


async def test_an_unreachable_database_fails_the_step_without_leaking_the_password(
    pool, settings, schema_task
):
    write_pairs(settings, schema_task, BROKEN_ITEMS)
    params = qa_params("postgresql://postgres:topsecret@127.0.0.1:1/nowhere")
    with pytest.raises(StepFailed) as failure:
        await validate(pool, settings, params, schema_task)
    assert "topsecret" not in failure.value.message
