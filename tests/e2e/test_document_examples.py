"""The documents' curl and Python examples run verbatim against the real services (only the
host and port differ) and get the status codes the documents give."""

import asyncio
import contextlib
import io
import json
import shlex
from typing import Any

import pytest

from shared.messages import CreateTask, CreateTaskPayload
from shared.parameters import TaskParameters
from tests.e2e import doc_examples as doc
from tests.helpers import wait_until
from tests.helpers.api import gateway_client, settled

pytestmark = pytest.mark.usefixtures("executor", "janitor_service")
TABLES = ["bss_company", "bss_service_area"]
DOC_HOST = "http://localhost:8084"


@pytest.fixture(scope="module")
async def api(settings, pool, amqp, tmp_path_factory):
    """The gateway on a real port, with the doc's tables.txt in its DP_TABLE_LIST_DIR."""
    lists = tmp_path_factory.mktemp("table_lists")
    (lists / "tables.txt").write_text("\n".join(TABLES) + "\n", "utf-8")
    async with gateway_client(settings.model_copy(update={"table_list_dir": lists})) as client:
        yield client


def _base(api) -> str:
    return str(api.make_url("")).rstrip("/")


async def curl(api, command: str) -> tuple[int, str]:
    """Runs a documented curl command with the host swapped; (status, body)."""
    base = _base(api)
    args = [
        base + a if a.startswith("/api/") else a.replace(DOC_HOST, base)
        for a in shlex.split(command.replace("\\\n", " "))  # a shell joins continued lines
    ]
    proc = await asyncio.create_subprocess_exec(
        *args, "-s", "-w", "\n%{http_code}", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    body, _, status = out.decode().rpartition("\n")
    return int(status), body


async def _create_with_id(publisher, pool, task_id: str) -> None:
    """The documents' examples name their task ids: a CreateTask command with that id."""
    params = TaskParameters(table_list=TABLES, db_name="highway_db")
    payload = CreateTaskPayload(task_id=task_id, task_type="data_workflow", parameters=params)
    await publisher.command(CreateTask(issued_by="doc-tests", payload=payload), "task.create")

    async def created():
        return await pool.fetchval("SELECT 1 FROM data_pipeline_tasks WHERE id = $1", task_id)

    await wait_until(created, timeout=30)


async def test_doc_001_curl_examples_step_by_step(api, publisher, pool):
    await _create_with_id(publisher, pool, doc.DOC_001_TASK)
    for command, expected in doc.DOC_001_CURL:
        status, body = await curl(api, command)
        assert status == expected, (command, body)
        if status == 202:  # "等待完成,检查结果" before the next step
            await wait_until(lambda: settled(api, doc.DOC_001_TASK), timeout=120)
    task = (await (await api.get(f"/api/v0/data_pipeline/tasks/{doc.DOC_001_TASK}")).json())["data"]
    assert task["status"] == "completed", task
    assert json.loads(body)["error_code"] == "VALIDATION_ERROR"  # the last one: {...}


async def _call(api, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    response = await api.request(method, path, json=body)
    return response.status, await response.json()


async def test_doc_001_request_bodies_and_reads(api):
    status, created = await _call(api, "POST", "/api/v0/data_pipeline/tasks", doc.DOC_001_CREATE)
    assert status == 201, created
    task_id = created["data"]["task_id"]
    assert created["data"]["output_directory"].endswith(f"/{task_id}")
    path = f"/api/v0/data_pipeline/tasks/{task_id}/execute"
    assert (await _call(api, "POST", path, doc.DOC_001_EXECUTE))[0] == 202
    await wait_until(lambda: settled(api, task_id), timeout=120)
    complete = "/api/v0/data_pipeline/tasks/execute-complete"
    status, started = await _call(api, "POST", complete, doc.DOC_001_EXECUTE_COMPLETE)
    assert status == 202, started
    await wait_until(lambda: settled(api, started["data"]["task_id"]), timeout=120)
    for get in doc.DOC_001_GETS:
        status, reply = await _call(api, "GET", get.format(task_id=task_id))
        assert status == 200, (get, reply)
    files = (await _call(api, "GET", f"/api/v0/data_pipeline/tasks/{task_id}/files"))[1]
    download = files["data"]["files"][0]["download_url"]
    assert (await api.get(download)).status == 200


async def test_doc_000_curl_and_python_examples(api, publisher, pool):
    for task_id in doc.DOC_000_TASKS:
        await _create_with_id(publisher, pool, task_id)
    for command, expected in doc.DOC_000_CURL:
        status, body = await curl(api, command)
        assert status == expected, (command, body)
    batch = json.loads(body)["data"]  # 173932 was deleted with its records just before
    assert [t["task_id"] for t in batch["deleted_tasks"]] == [doc.DOC_000_TASKS[1]]
    assert batch["failed_tasks"][0]["error_code"] == "TASK_NOT_FOUND"

    source = doc.DOC_000_PYTHON.replace(DOC_HOST, _base(api))
    printed = io.StringIO()

    def run_client() -> None:
        with contextlib.redirect_stdout(printed):
            exec(compile(source, "doc_000_client", "exec"), {})  # the document's own client

    await asyncio.to_thread(run_client)
    single, batch_line = printed.getvalue().strip().splitlines()
    assert "TASK_NOT_FOUND" in single  # the doc's 404 shape: the task is gone by now
    # 174521 kept its records (the batch curl said so): its directory is gone, a 200 again.
    assert "批量删除部分完成" in batch_line
