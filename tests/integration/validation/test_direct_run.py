"""Running each SQL at once (EXPLAIN and execution check in one statement) gives the reports
the separate EXPLAIN and execution check give."""

import json
from typing import Any

import asyncpg
import pytest

from services.executor.steps.sql_validation import direct_run
from services.executor.steps.sql_validation.direct_run import direct_statement
from shared.config import Settings
from tests.integration.qa.support import qa_params
from tests.integration.validation.support import file_names, task_file, validate, write_pairs

ITEMS = [
    {"question": "全部", "sql": "SELECT * FROM bss_business_day_data;"},
    {"question": "空的", "sql": "SELECT company_name FROM bss_company WHERE company_name = 'x';"},
    {"question": "运行时错误", "sql": "SELECT 1 / (COUNT(*) - COUNT(*)) FROM bss_company;"},
    {"question": "未知列", "sql": "SELECT no_such_column FROM bss_company"},
    {"question": "尾注释", "sql": "SELECT company_name FROM bss_company -- 公司"},
    {"question": "括号逃逸", "sql": "SELECT 1) AS a, (SELECT 2"},
    {"question": "转义", "sql": "SELECT E'\\'' AS q, company_name FROM bss_company"},
    {"question": "加锁", "sql": "SELECT company_name FROM bss_company FOR UPDATE"},
    {"question": "WITH", "sql": "WITH c AS (SELECT company_name FROM bss_company) SELECT * FROM c"},
    {"question": "VALUES", "sql": "VALUES (1, 'a'), (2, 'b')"},
    {
        "question": "括号",
        "sql": "SELECT (1 + (2)) AS n, ')' AS p, \"company_name\" FROM bss_company",
    },
] + [{"question": f"批 {i}", "sql": f"SELECT {i} AS n"} for i in range(direct_run.BATCH + 5)]
TIMINGS = ("execution_time", "run_time")


async def _details(pool, settings, business_db_url, task_id) -> list[dict[str, Any]]:
    write_pairs(settings, task_id, ITEMS)
    options = qa_params(business_db_url, enable_llm_repair=False)
    await validate(pool, settings, options, task_id)
    name = next(n for n in reversed(file_names(settings, task_id)) if n.endswith("_report.json"))
    details: list[dict[str, Any]] = json.loads(task_file(settings, task_id, name))[
        "detailed_results"
    ]
    for detail in details:
        assert detail["execution_time"] >= 0
        for key in TIMINGS:
            detail.pop(key)
    return details


async def test_direct_runs_report_what_explain_then_execution_reports(
    pool: asyncpg.Pool,
    settings: Settings,
    business_db_url: str,
    schema_task: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[str] = []
    real = direct_run.direct_statement

    def counted(sql: str) -> str | None:
        statement = real(sql)
        if statement is not None:
            sent.append(sql)
        return statement

    monkeypatch.setattr(direct_run, "direct_statement", counted)
    direct = await _details(pool, settings, business_db_url, schema_task)
    assert len(sent) == len(ITEMS) - 3  # all but the comment, the escape and the backslash
    monkeypatch.setattr(direct_run, "direct_statement", lambda sql: None)
    separate = await _details(pool, settings, business_db_url, schema_task)
    assert direct == separate
    assert [d["valid"] for d in direct[:11]] == [
        True, True, False, False, False, False, True, False, True, True, True,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sql", "statement"),
    [
        ("SELECT 1;", "SELECT 1"),
        (" SELECT ')' AS p ; ", "SELECT ')' AS p"),
        ("SELECT 1 -- why", None),  # the wrapper would comment out its own bracket
        ("SELECT 1) AS a, (SELECT 2", None),  # would escape the wrapper's brackets
        ("SELECT E'\\'' AS q", None),
        ("SELECT 1; SELECT 2", None),
        ("DELETE FROM t", None),
    ],
)
def test_only_sql_the_wrapper_cannot_change_is_run_directly(sql: str, statement: str | None):
    assert direct_statement(sql) == statement
