"""POST /tasks: both body forms, table lists, masked secrets, the published CreateTask."""

from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from shared.config import Settings
from shared.db import commands, task_listing, tasks
from tests.helpers import API, unique
from tests.helpers.api import create_task
from tests.helpers.broker import CommandTap

SECRET = "s3cr3t-pw-XYZ"


async def test_flat_form_creates_task_row_and_publishes(
    client: TestClient[Any, Any], pool: asyncpg.Pool, tap: CommandTap
) -> None:
    name = unique("flat")
    data = await create_task(
        client,
        task_type="data_workflow",
        task_name=name,
        business_context="高速公路服务区管理系统",
        db_name="highway_db",
        table_list=["bss_company", "bss_service_area"],
        theme_count=3,
    )
    row = await tasks.get(pool, data["task_id"])
    assert row is not None
    assert row.parameters["table_list"] == ["bss_company", "bss_service_area"]
    assert (row.task_name, row.db_name, row.status) == (name, "highway_db", "pending")
    assert data["output_directory"] == row.output_directory
    assert "file_upload_mode" not in data
    message = await tap.for_task(data["task_id"], "task.create")
    assert message["_routing_key"] == "task.create"
    assert message["payload"]["parameters"]["theme_count"] == 3


async def test_nested_form_and_guest_creator(
    client: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    data = await create_task(
        client, task_type="complete_workflow", parameters={"db_name": "nested_db"}
    )
    row = await tasks.get(pool, data["task_id"])
    assert row is not None
    assert (row.task_type, row.db_name, row.created_by) == (
        "complete_workflow",
        "nested_db",
        "guest",
    )
    assert data["file_upload_mode"] is True
    assert data["next_step"].endswith(f"/tasks/{data['task_id']}/upload-table-list")


async def test_created_by_from_body(client: TestClient[Any, Any], pool: asyncpg.Pool) -> None:
    data = await create_task(client, created_by="alice")
    row = await tasks.get(pool, data["task_id"])
    assert row is not None
    assert row.created_by == "alice"


async def test_comma_string_table_list_is_split_and_deduplicated(
    client: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    data = await create_task(client, table_list="bss_a, bss_b,bss_a")
    row = await tasks.get(pool, data["task_id"])
    assert row is not None
    assert row.parameters["table_list"] == ["bss_a", "bss_b"]


async def test_db_connection_object_is_stored_but_never_shown(
    client: TestClient[Any, Any], pool: asyncpg.Pool, tap: CommandTap
) -> None:
    connection = {
        "host": "127.0.0.1",
        "port": 5433,
        "database": "hw",
        "user": "u",
        "password": SECRET,
    }
    response = await client.post(f"{API}/tasks", json={"db_connection": connection})
    assert SECRET not in await response.text()
    task_id = (await response.json())["data"]["task_id"]
    row = await tasks.get(pool, task_id)
    assert row is not None
    assert SECRET not in str(row.parameters)  # stored masked, the original sealed
    assert row.sealed_parameters is not None
    assert SECRET not in row.sealed_parameters
    assert row.db_name == "hw"
    detail = await client.get(f"{API}/tasks/{task_id}")
    detail_text = await detail.text()
    assert SECRET not in detail_text
    assert "u:******@127.0.0.1:5433/hw" in detail_text
    message = await tap.for_task(task_id, "task.create")
    assert SECRET not in str(message)
    stored = await commands.get(pool, message["command_id"])
    assert stored is not None
    assert SECRET not in str(stored.payload)
    assert stored.status == "published"


async def test_table_list_file_is_read_at_create_time(
    client: TestClient[Any, Any], pool: asyncpg.Pool, settings: Settings
) -> None:
    settings.table_list_dir.mkdir(parents=True, exist_ok=True)
    (settings.table_list_dir / "tables.txt").write_text(
        "# 表清单\nbss_car_day_count\npublic.bss_company\n", "utf-8"
    )
    data = await create_task(client, table_list_file="tables.txt")
    row = await tasks.get(pool, data["task_id"])
    assert row is not None
    assert row.parameters["table_list"] == ["bss_car_day_count", "public.bss_company"]


async def task_count(pool: asyncpg.Pool) -> int:
    return (await task_listing.list_page(pool, task_listing.TaskFilter(limit=1)))[1]


async def _create_error(client: TestClient[Any, Any], **kwargs: Any) -> tuple[int, dict[str, Any]]:
    response = await client.post(f"{API}/tasks", **kwargs)
    return response.status, await response.json()


BAD_CREATE = [
    # not JSON at all
    (
        {"data": b"{not json", "headers": {"Content-Type": "application/json"}},
        400,
        "VALIDATION_ERROR",
    ),
    # JSON, but an array instead of an object
    ({"json": [1, 2]}, 400, "VALIDATION_ERROR"),
    # unknown field (extra=forbid)
    ({"json": {"db_name": "x", "colour": "blue"}}, 400, "VALIDATION_ERROR"),
    # wrong type
    ({"json": {"theme_count": "many"}}, 400, "VALIDATION_ERROR"),
    # out of range
    ({"json": {"questions_per_theme": 0}}, 400, "VALIDATION_ERROR"),
    # unknown task type
    ({"json": {"task_type": "nope"}}, 400, "VALIDATION_ERROR"),
    # DSN of another scheme
    ({"json": {"db_connection": "mysql://u:p@h/db"}}, 400, "VALIDATION_ERROR"),
    # connection object missing its host
    ({"json": {"db_connection": {"database": "x"}}}, 400, "VALIDATION_ERROR"),
    # nested form with an unknown parameter
    ({"json": {"parameters": {"bogus": 1}}}, 400, "VALIDATION_ERROR"),
    # an invalid table name
    ({"json": {"table_list": ["ok_table", "bad-name;drop"]}}, 400, "VALIDATION_ERROR"),
    # only comments: no table at all
    ({"json": {"table_list": "# nothing"}}, 400, "VALIDATION_ERROR"),
    # both a list and a file
    ({"json": {"table_list": ["a"], "table_list_file": "t.txt"}}, 400, "VALIDATION_ERROR"),
    # a file path escaping the working directory
    ({"json": {"table_list_file": "../etc/passwd"}}, 400, "INVALID_PATH"),
    # an absolute file path
    ({"json": {"table_list_file": "/etc/passwd"}}, 400, "INVALID_PATH"),
    # a file that does not exist
    ({"json": {"table_list_file": "no_such_file.txt"}}, 400, "VALIDATION_ERROR"),
]


@pytest.mark.parametrize(("kwargs", "status", "error_code"), BAD_CREATE)
async def test_bad_create_requests_are_refused(
    client: TestClient[Any, Any],
    pool: asyncpg.Pool,
    kwargs: dict[str, Any],
    status: int,
    error_code: str,
) -> None:
    before = await task_count(pool)
    got_status, envelope = await _create_error(client, **kwargs)
    assert (got_status, envelope["error_code"]) == (status, error_code)
    assert envelope["success"] is False
    assert envelope["code"] == status
    assert await task_count(pool) == before


async def test_password_in_invalid_input_is_not_echoed(client: TestClient[Any, Any]) -> None:
    body = {"db_connection": {"host": "h", "database": "d", "password": SECRET, "extra": 1}}
    status, envelope = await _create_error(client, json=body)
    assert status == 400
    assert SECRET not in str(envelope)
