"""sql_validation on the highway sample DB: EXPLAIN checks, pair-file fixes and reports."""

import json
from typing import Any

import asyncpg
import pytest

from services.executor.llm import build_llm
from services.executor.llm.base import LLM
from services.executor.steps import qa_generation, sql_validation
from shared.config import Settings
from shared.errors import StepFailed
from shared.models import StepName
from tests.helpers import new_task_id
from tests.integration.qa.support import (
    REFERENCE_DIR,
    CountingLLM,
    prepare_schema_files,
    qa_params,
)
from tests.steps_support import step_context

PAIR_FILE = "qs_highway_db_20250101_000000_pair.json"
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
async def schema_task(pool: asyncpg.Pool, settings: Settings, business_db_url: str) -> str:
    task_id = new_task_id()
    await prepare_schema_files(pool, settings, task_id, qa_params(business_db_url))
    return task_id


def _write_pairs(settings: Settings, task_id: str, items: list[Any]) -> str:
    text = json.dumps(items, ensure_ascii=False, indent=2)
    (settings.data_root / task_id / PAIR_FILE).write_text(text, "utf-8")
    return text


def _task_file(settings: Settings, task_id: str, name: str) -> str:
    return (settings.data_root / task_id / name).read_text("utf-8")


def _names(settings: Settings, task_id: str) -> list[str]:
    return sorted(p.name for p in (settings.data_root / task_id).iterdir())


async def _validate(
    pool: asyncpg.Pool,
    settings: Settings,
    params: dict[str, Any],
    task_id: str,
    llm: LLM | None = None,
) -> dict[str, Any]:
    step = StepName.sql_validation
    async with step_context(pool, settings, step, params, task_id=task_id) as ctx:
        if llm is None:
            return await sql_validation.run(ctx)
        return await sql_validation.validate(ctx, llm)


def _with_password(url: str) -> str:
    # The local server trusts connections, so a password is accepted and must be masked.
    return url.replace("postgres@", "postgres:topsecret@", 1)


@pytest.fixture
async def broken_run(
    pool: asyncpg.Pool, settings: Settings, business_db_url: str, schema_task: str
) -> tuple[str, str, dict[str, Any]]:
    original = _write_pairs(settings, schema_task, BROKEN_ITEMS)
    params = qa_params(_with_password(business_db_url), enable_llm_repair=False)
    result = await _validate(pool, settings, params, schema_task)
    return schema_task, original, result


async def test_builtin_pairs_all_validate(pool, settings, business_db_url, schema_task):
    params = qa_params(business_db_url)
    async with step_context(
        pool, settings, StepName.qa_generation, params, task_id=schema_task
    ) as ctx:
        generated = await qa_generation.run(ctx)
    result = await _validate(pool, settings, params, schema_task)
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
    kept = json.loads(_task_file(settings, task_id, PAIR_FILE))
    assert kept == [BROKEN_ITEMS[i] for i in (0, 1, 3, 4, 7)]


async def test_backup_holds_the_original_content(settings, broken_run):
    task_id, original, _ = broken_run
    assert _task_file(settings, task_id, PAIR_FILE + ".backup") == original


async def test_the_multi_statement_sql_never_ran(business_db_url, broken_run):
    conn = await asyncpg.connect(business_db_url)
    try:
        assert await conn.fetchval("SELECT to_regclass('public.bss_company') IS NOT NULL")
    finally:
        await conn.close()


async def test_reports_and_modification_log_are_written(settings, broken_run):
    task_id, _, _ = broken_run
    names = _names(settings, task_id)
    assert any(n.startswith("sql_validation_") and n.endswith("_summary.log") for n in names)
    assert any(n.startswith("file_modifications_") for n in names)
    report_name = next(n for n in names if n.endswith("_report.json"))
    report = json.loads(_task_file(settings, task_id, report_name))
    assert report["summary"]["invalid_sqls"] == 3
    assert [d["index"] for d in report["detailed_results"]] == [1, 3, 4, 6, 7, 8]


async def test_report_masks_the_database_password(settings, broken_run):
    task_id, _, _ = broken_run
    texts = [
        _task_file(settings, task_id, n)
        for n in _names(settings, task_id)
        if "sql_validation_" in n
    ]
    assert texts
    assert not any("topsecret" in t for t in texts)
    assert any("******" in t for t in texts)


async def test_summary_log_explains_each_invalid_sql(settings, broken_run):
    task_id, _, _ = broken_run
    name = next(n for n in _names(settings, task_id) if n.endswith("_summary.log"))
    summary = _task_file(settings, task_id, name)
    assert "no_such_column" in summary
    assert "多条语句" in summary
    assert "错误详情（共3个）" in summary


async def test_llm_repair_fixes_a_misspelt_column_and_gives_up_on_a_missing_table(
    pool, settings, business_db_url, schema_task
):
    items = [
        {"question": "服务区名称", "sql": "SELECT service_area_nme FROM bss_service_area;"},
        {"question": "不存在的表", "sql": "SELECT * FROM no_such_table_xyz;"},
    ]
    _write_pairs(settings, schema_task, items)
    llm = CountingLLM(build_llm(settings))
    result = await _validate(pool, settings, qa_params(business_db_url), schema_task, llm)
    assert result["repair_stats"] == {"attempted": 2, "successful": 1, "failed": 1}
    kept = json.loads(_task_file(settings, schema_task, PAIR_FILE))
    assert len(kept) == 1
    assert "service_area_name" in kept[0]["sql"]
    assert "bss_service_area" in [t.name for t in llm.repair_docs.tables]


async def test_reference_pairs_validate_against_the_sample_db(
    pool, settings, business_db_url, schema_task
):
    reference = REFERENCE_DIR / "qs_highway_db_20250721_203452_pair.json.backup"
    _write_pairs(settings, schema_task, json.loads(reference.read_text("utf-8")))
    params = qa_params(business_db_url, enable_llm_repair=False, modify_original_file=False)
    result = await _validate(pool, settings, params, schema_task)
    print(f"reference pairs valid: {result['valid_sql_count']}/{result['original_sql_count']}")
    assert result["original_sql_count"] == 50
    report = next(n for n in _names(settings, schema_task) if n.endswith("_report.json"))
    details = json.loads(_task_file(settings, schema_task, report))["detailed_results"]
    errors = [d["error_message"] for d in details if not d["valid"]]
    assert result["valid_sql_count"] >= 40, errors


async def test_an_unreachable_database_fails_the_step_without_leaking_the_password(
    pool, settings, schema_task
):
    _write_pairs(settings, schema_task, BROKEN_ITEMS)
    params = qa_params("postgresql://postgres:topsecret@127.0.0.1:1/nowhere")
    with pytest.raises(StepFailed) as failure:
        await _validate(pool, settings, params, schema_task)
    assert "topsecret" not in failure.value.message


EXECUTION_ITEMS = [
    {"question": "全部", "sql": "SELECT * FROM bss_business_day_data;"},
    {"question": "空的", "sql": "SELECT company_name FROM bss_company WHERE company_name = 'x';"},
    {"question": "运行时错误", "sql": "SELECT 1 / (COUNT(*) - COUNT(*)) FROM bss_company;"},
]


async def _execution_run(pool, settings, business_db_url, task_id, **params):
    _write_pairs(settings, task_id, EXECUTION_ITEMS)
    options = qa_params(business_db_url, enable_llm_repair=False, **params)
    result = await _validate(pool, settings, options, task_id)
    report_name = next(n for n in _names(settings, task_id) if n.endswith("_report.json"))
    report = json.loads(_task_file(settings, task_id, report_name))
    return result, report["detailed_results"]


async def test_execution_check_records_rows_and_time_and_fails_runtime_errors(
    pool, settings, business_db_url, schema_task
):
    result, details = await _execution_run(pool, settings, business_db_url, schema_task)
    assert [d["rows_returned"] for d in details] == [100, 0, None]
    assert all(d["run_time"] > 0 for d in details)
    assert details[1]["empty_result"] is True
    assert "division by zero" in details[2]["error_message"]
    assert result["execution_stats"] == {
        "executed": 2, "with_rows": 1, "empty_results": 1, "dropped_empty": 0,
    }  # fmt: skip
    kept = json.loads(_task_file(settings, schema_task, PAIR_FILE))
    assert [p["question"] for p in kept] == ["全部", "空的"]


async def test_empty_results_are_dropped_on_request(pool, settings, business_db_url, schema_task):
    result, _ = await _execution_run(
        pool, settings, business_db_url, schema_task, drop_empty_results=True
    )
    assert result["execution_stats"]["dropped_empty"] == 1
    kept = json.loads(_task_file(settings, schema_task, PAIR_FILE))
    assert [p["question"] for p in kept] == ["全部"]


async def test_builtin_repair_fixes_the_reference_backup(
    pool, settings, business_db_url, schema_task
):
    """Its 9 invalid items filter delete_ts on the link table, which has none."""
    reference = REFERENCE_DIR / "qs_highway_db_20250721_203452_pair.json.backup"
    _write_pairs(settings, schema_task, json.loads(reference.read_text("utf-8")))
    llm = build_llm(settings)
    result = await _validate(pool, settings, qa_params(business_db_url), schema_task, llm)
    assert result["repair_stats"]["attempted"] == 9
    assert result["repair_stats"]["successful"] >= 8
    kept = json.loads(_task_file(settings, schema_task, PAIR_FILE))
    assert len(kept) >= 49
    assert not any("bsral.delete_ts" in p["sql"] for p in kept)


async def test_builtin_repair_adds_group_by_and_qualifies_ambiguous_columns(
    pool, settings, business_db_url, schema_task
):
    items = [
        {
            "question": "缺分组",
            "sql": "SELECT company_id, service_state, COUNT(*) FROM bss_service_area "
            "GROUP BY company_id;",
        },
        {
            "question": "歧义",
            "sql": "SELECT service_area_name, company_name FROM bss_service_area a "
            "JOIN bss_company c ON a.company_id = c.id WHERE delete_ts IS NULL;",
        },
    ]
    _write_pairs(settings, schema_task, items)
    result = await _validate(
        pool, settings, qa_params(business_db_url), schema_task, build_llm(settings)
    )
    assert result["repair_stats"] == {"attempted": 2, "successful": 2, "failed": 0}
    kept = [p["sql"] for p in json.loads(_task_file(settings, schema_task, PAIR_FILE))]
    assert "GROUP BY company_id, service_state" in kept[0]
    assert "WHERE a.delete_ts IS NULL" in kept[1]
