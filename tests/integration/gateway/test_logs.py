"""GET /tasks/{id}/logs: minimum level, step, text search, limit and the after_id cursor."""

from datetime import datetime, timedelta
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from shared.db import logs
from tests.helpers import API
from tests.helpers.api import create_task


@pytest.fixture
async def logged_task(client: TestClient[Any, Any], pool: asyncpg.Pool) -> str:
    task_id: str = (await create_task(client))["task_id"]
    start = datetime(2030, 1, 1)
    rows = [
        ("DEBUG", "ddl_generation", "读取表结构"),
        ("INFO", "ddl_generation", "开始处理表: bss_company"),
        ("WARNING", "ddl_generation", "表 bss_x 没有注释"),
        ("ERROR", "qa_generation", "LLM 超时"),
        ("INFO", "qa_generation", "主题 1 完成"),
    ]
    entries = [
        logs.NewLog(task_id, None, level, message, step, start + timedelta(seconds=i))
        for i, (level, step, message) in enumerate(rows)
    ]
    await logs.insert_many(pool, entries)
    return task_id


async def _logs(client: TestClient[Any, Any], task_id: str, **params: Any) -> tuple[int, Any]:
    response = await client.get(f"{API}/tasks/{task_id}/logs", params=params)
    return response.status, await response.json()


async def test_all_logs_oldest_first(client: TestClient[Any, Any], logged_task: str) -> None:
    status, envelope = await _logs(client, logged_task)
    assert status == 200
    entries = envelope["data"]["logs"]
    assert [e["level"] for e in entries] == ["DEBUG", "INFO", "WARNING", "ERROR", "INFO"]
    assert set(entries[0]) == {"id", "timestamp", "level", "step_name", "message", "execution_id"}
    assert envelope["data"]["next_after_id"] == entries[-1]["id"]


async def test_minimum_level_is_case_insensitive(
    client: TestClient[Any, Any], logged_task: str
) -> None:
    _, envelope = await _logs(client, logged_task, level="warning")
    assert [e["level"] for e in envelope["data"]["logs"]] == ["WARNING", "ERROR"]


async def test_step_and_text_filters(client: TestClient[Any, Any], logged_task: str) -> None:
    _, by_step = await _logs(client, logged_task, step="qa_generation")
    assert [e["message"] for e in by_step["data"]["logs"]] == ["LLM 超时", "主题 1 完成"]
    _, by_text = await _logs(client, logged_task, q="bss_company")
    assert [e["message"] for e in by_text["data"]["logs"]] == ["开始处理表: bss_company"]


async def test_limit_keeps_the_newest_and_cursor_continues(
    client: TestClient[Any, Any], logged_task: str
) -> None:
    _, newest = await _logs(client, logged_task, limit=2)
    assert [e["message"] for e in newest["data"]["logs"]] == ["LLM 超时", "主题 1 完成"]
    _, first = await _logs(client, logged_task)
    cursor = first["data"]["logs"][1]["id"]
    _, rest = await _logs(client, logged_task, after_id=cursor, limit=2)
    assert [e["level"] for e in rest["data"]["logs"]] == ["WARNING", "ERROR"]
    _, empty = await _logs(client, logged_task, after_id=first["data"]["next_after_id"])
    assert empty["data"]["logs"] == []
    assert empty["data"]["next_after_id"] == first["data"]["next_after_id"]


BAD_LOG_QUERIES = [
    {"limit": "0"},  # below 1
    {"limit": "1001"},  # above 1000
    {"level": "LOUD"},  # not a log level
    {"after_id": "x"},  # not a number
    {"after_id": "-5"},  # negative cursor
]


@pytest.mark.parametrize("params", BAD_LOG_QUERIES)
async def test_bad_log_queries_are_400(
    client: TestClient[Any, Any], logged_task: str, params: dict[str, str]
) -> None:
    status, envelope = await _logs(client, logged_task, **params)
    assert (status, envelope["error_code"]) == (400, "VALIDATION_ERROR")
