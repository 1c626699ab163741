"""sql_validation's execution check: rows and run time of each valid SQL, empty results."""

import json

from tests.integration.qa.support import qa_params
from tests.integration.validation.support import (
    PAIR_FILE,
    file_names,
    task_file,
    validate,
    write_pairs,
)

EXECUTION_ITEMS = [
    {"question": "全部", "sql": "SELECT * FROM bss_business_day_data;"},
    {"question": "空的", "sql": "SELECT company_name FROM bss_company WHERE company_name = 'x';"},
    {"question": "运行时错误", "sql": "SELECT 1 / (COUNT(*) - COUNT(*)) FROM bss_company;"},
]


async def _execution_run(pool, settings, business_db_url, task_id, **params):
    write_pairs(settings, task_id, EXECUTION_ITEMS)
    options = qa_params(business_db_url, enable_llm_repair=False, **params)
    result = await validate(pool, settings, options, task_id)
    report_name = next(n for n in file_names(settings, task_id) if n.endswith("_report.json"))
    report = json.loads(task_file(settings, task_id, report_name))
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
    kept = json.loads(task_file(settings, schema_task, PAIR_FILE))
    assert [p["question"] for p in kept] == ["全部", "空的"]


async def test_empty_results_are_dropped_on_request(pool, settings, business_db_url, schema_task):
    result, _ = await _execution_run(
        pool, settings, business_db_url, schema_task, drop_empty_results=True
    )
    assert result["execution_stats"]["dropped_empty"] == 1
    kept = json.loads(task_file(settings, schema_task, PAIR_FILE))
    assert [p["question"] for p in kept] == ["全部"]
