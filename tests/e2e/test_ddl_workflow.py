"""HTTP -> PostgreSQL -> RabbitMQ -> executor -> files and rows, for ddl_generation."""

import hashlib
from collections import Counter

import pytest

from services.executor.tasklog import LOG_FILE
from shared.db import commands, executions
from shared.models import FINAL_COMMAND
from shared.storage import Storage
from tests.helpers import API, wait_until
from tests.helpers.api import HIGHWAY_TABLES, gateway_client, json_of, settled

pytestmark = pytest.mark.usefixtures("executor")


@pytest.fixture(scope="module")
async def api(settings, pool, amqp):
    async with gateway_client(settings) as client:
        yield client


async def _run_ddl(api, tables):
    body = {
        "task_type": "data_workflow",
        "business_context": "高速公路服务区管理系统",
        "db_name": "highway_db",
        "table_list": tables,
    }
    task_id = (await json_of(await api.post(f"{API}/tasks", json=body), 201))["data"]["task_id"]
    started = await json_of(
        await api.post(f"{API}/tasks/{task_id}/execute", json={"step": "ddl_generation"}), 202
    )
    return task_id, started["data"]


async def test_ddl_generation_end_to_end(api, settings):
    task_id, started = await _run_ddl(api, HIGHWAY_TABLES)
    second = await api.post(f"{API}/tasks/{task_id}/execute", json={"step": "ddl_generation"})
    assert second.status == 409
    assert (await second.json())["error_code"] == "TASK_RUNNING"

    task = await wait_until(lambda: settled(api, task_id), timeout=60)
    assert task["step_status"]["ddl_generation"] == "completed"
    assert task["status"] == "partial_completed"
    assert task["progress"] == 40

    files = (await json_of(await api.get(f"{API}/tasks/{task_id}/files"), 200))["data"]["files"]
    names = {f["file_name"]: f for f in files}
    for table in HIGHWAY_TABLES:
        assert names[f"{table}.ddl"]["is_primary"]
        assert names[f"{table}_detail.md"]["step_name"] == "ddl_generation"
    assert "filename_mapping.txt" in names
    assert "ddl_generation_result.json" in names
    listed = names["bss_company.ddl"]
    download = await api.get(listed["download_url"])
    content = await download.read()
    assert download.status == 200
    assert hashlib.sha256(content).hexdigest() == listed["content_hash"]
    assert b"create table public.bss_company (" in content

    executions = (await json_of(await api.get(f"{API}/tasks/{task_id}/executions"), 200))["data"]
    [execution] = executions["executions"]
    assert execution["execution_id"] == started["execution_id"]
    assert execution["status"] == "completed"
    assert execution["duration"] is not None

    logs = await json_of(await api.get(f"{API}/tasks/{task_id}/logs?step=ddl_generation"), 200)
    messages = [entry["message"] for entry in logs["data"]["logs"]]
    assert any("bss_company" in m for m in messages)
    log_file = await Storage(settings.data_root).read_text(task_id, LOG_FILE)
    lines = [line for line in log_file.splitlines() if line]
    assert len(lines) >= len(messages)
    assert max(Counter(lines).values()) == 1  # one line per entry, one format


async def test_a_missing_table_is_a_reported_failure(api, settings):
    task_id, _ = await _run_ddl(api, ["bss_company", "no_such_table"])
    task = await wait_until(lambda: settled(api, task_id), timeout=60)
    assert task["step_status"]["ddl_generation"] == "completed"
    files = {
        f["file_name"]
        for f in (await json_of(await api.get(f"{API}/tasks/{task_id}/files"), 200))["data"][
            "files"
        ]
    }
    assert "bss_company.ddl" in files
    assert not any(name.startswith("no_such_table") for name in files)
    result = await Storage(settings.data_root).read_text(task_id, "ddl_generation_result.json")
    assert "no_such_table" in result


async def test_all_tables_missing_fails_the_step(api, pool):
    task_id, started = await _run_ddl(api, ["nope_a", "nope_b"])
    task = await wait_until(lambda: settled(api, task_id), timeout=60)
    assert task["status"] == "failed"
    assert task["step_status"]["ddl_generation"] == "failed"
    assert task["error_message"]
    # The outcome is told honestly: the execute command failed, with a failure envelope.
    execution = await executions.get(pool, started["execution_id"])
    command = await wait_until(lambda: _final_command(pool, execution.command_id), timeout=10)
    assert command.status == "failed"
    assert (command.result["success"], command.error_code) == (False, "EXECUTION_FAILED")
    assert command.result["data"]["status"] == "failed"


async def _final_command(pool, command_id):
    command = await commands.get(pool, command_id)
    return command if command and command.status in FINAL_COMMAND else None
