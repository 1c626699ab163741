"""Seed 000 through the HTTP API, with the real gateway and the janitor running in-process."""

import os

import pytest

from shared.clock import utcnow
from shared.db import commands, executions, logs, outputs, tasks
from tests.helpers import API, new_task_id
from tests.helpers.tasks import make_task, queue_and_claim

pytestmark = pytest.mark.usefixtures("janitor_service")
SINGLE_FIELDS = {
    "task_id",
    "directory_deleted",
    "database_records_deleted",
    "deleted_files_count",
    "deleted_size",
    "deleted_bytes",
    "deleted_at",
}


async def _delete(api, path, **kwargs):
    response = await api.delete(f"{API}{path}", **kwargs)
    return response.status, await response.json()


async def test_single_delete_keeps_records_and_marks_directory(gateway_api, pool, settings):
    task_id = await make_task(
        pool, settings.data_root, {"a.ddl": b"x" * 1500, "d/b.md": b"y" * 500}
    )

    status, body = await _delete(gateway_api, f"/tasks/{task_id}", json={"confirm": True})

    assert status == 200
    assert (body["success"], body["code"], body["message"]) == (True, 200, "任务目录删除成功")
    data = body["data"]
    assert set(data) == SINGLE_FIELDS
    assert (data["task_id"], data["directory_deleted"]) == (task_id, True)
    assert data["database_records_deleted"] is False
    assert (data["deleted_files_count"], data["deleted_bytes"]) == (2, 2000)
    assert data["deleted_size"] == "2.0 KB"
    assert not (settings.data_root / task_id).exists()
    task = await tasks.get(pool, task_id)
    assert task.directory_exists is False
    assert task.updated_at is not None


async def test_delete_is_audited_with_who_and_what(gateway_api, pool, settings):
    task_id = await make_task(pool, settings.data_root, {"f": b"12345"})
    await _delete(gateway_api, f"/tasks/{task_id}", json={"confirm": True})
    audit = [c for c in await commands.list_recent(pool, "task.delete") if c.task_id == task_id]
    assert len(audit) == 1
    assert (audit[0].source, audit[0].issued_by, audit[0].status) == ("http", "guest", "completed")
    assert audit[0].result["data"]["deleted_bytes"] == 5  # the single-task shape


async def test_delete_with_records_removes_every_row(gateway_api, pool, settings):
    task_id = await make_task(pool, settings.data_root, {"a.ddl": b"ddl"})
    running = await queue_and_claim(pool, task_id)
    await executions.finish(pool, running.execution_id, status="completed")
    await logs.insert_many(
        pool, [logs.NewLog(task_id, running.execution_id, "INFO", "done", None, utcnow())]
    )
    await outputs.upsert(
        pool,
        outputs.NewOutput(
            task_id,
            running.execution_id,
            "ddl_generation",
            "ddl",
            "a.ddl",
            str(settings.data_root / task_id / "a.ddl"),
            3,
            "0" * 64,
        ),
    )

    status, body = await _delete(
        gateway_api, f"/tasks/{task_id}", json={"confirm": True, "delete_database_records": True}
    )

    assert status == 200
    assert body["data"]["database_records_deleted"] is True
    assert await tasks.get(pool, task_id) is None
    assert await executions.list_for_task(pool, task_id) == []
    assert await logs.count(pool, task_id) == 0
    assert await outputs.list_for_task(pool, task_id) == []


async def test_batch_with_a_running_task_is_partially_completed(gateway_api, pool, settings):
    idle = await make_task(pool, settings.data_root, {"f": b"1" * 100})
    busy = await make_task(pool, settings.data_root, {"f": b"2"})
    active = await queue_and_claim(pool, busy)

    status, body = await _delete(
        gateway_api, "/tasks", json={"task_ids": [idle, busy], "confirm": True}
    )

    assert (status, body["message"]) == (200, "批量删除部分完成")
    data = body["data"]
    assert [d["task_id"] for d in data["deleted_tasks"]] == [idle]
    failed = data["failed_tasks"]
    assert [(f["task_id"], f["error_code"]) for f in failed] == [(busy, "TASK_RUNNING")]
    assert failed[0]["error"] == "任务正在运行中,无法删除"
    assert data["summary"] == {
        "total_requested": 2,
        "successfully_deleted": 1,
        "failed": 1,
        "total_size_freed": "100 B",
        "total_bytes_freed": 100,
    }
    assert "deleted_at" in data
    assert (settings.data_root / busy).exists()
    await executions.finish(pool, active.execution_id, status="cancelled")


async def test_batch_all_deleted_says_complete(gateway_api, pool, settings):
    ids = [await make_task(pool, settings.data_root, {"f": b"1"}) for _ in range(2)]
    status, body = await _delete(gateway_api, "/tasks", json={"task_ids": ids, "confirm": True})
    assert (status, body["message"]) == (200, "批量删除完成")
    assert body["data"]["failed_tasks"] == []
    assert body["data"]["summary"]["successfully_deleted"] == 2


async def test_stop_at_first_failure_reports_the_rest_not_attempted(gateway_api, pool, settings):
    unknown = new_task_id()
    later = [await make_task(pool, settings.data_root, {"f": b"1"}) for _ in range(2)]
    payload = {"task_ids": [unknown, *later], "confirm": True, "continue_on_error": False}

    status, body = await _delete(gateway_api, "/tasks", json=payload)

    assert status == 200
    codes = [(f["task_id"], f["error_code"]) for f in body["data"]["failed_tasks"]]
    assert codes == [(unknown, "TASK_NOT_FOUND"), *((t, "NOT_ATTEMPTED") for t in later)]
    assert body["data"]["deleted_tasks"] == []
    assert (body["success"], body["message"]) == (False, "批量删除失败")  # nothing deleted
    assert all((settings.data_root / t).exists() for t in later)


async def test_query_parameter_forms(gateway_api, pool, settings):
    a, b, c, d = [await make_task(pool, settings.data_root, {"f": b"1"}) for _ in range(4)]

    single = await _delete(gateway_api, f"/tasks/{a}?confirm=true")
    comma = await _delete(gateway_api, f"/tasks?confirm=true&task_ids={b},{c}")
    repeated = await _delete(gateway_api, f"/tasks?confirm=true&task_ids[]={d}")

    assert single[0] == 200
    assert single[1]["data"]["task_id"] == a
    assert [t["task_id"] for t in comma[1]["data"]["deleted_tasks"]] == [b, c]
    assert [t["task_id"] for t in repeated[1]["data"]["deleted_tasks"]] == [d]


async def test_symlink_inside_pointing_outside_leaves_target_alone(
    gateway_api, pool, settings, tmp_path
):
    outside = tmp_path / "precious.txt"
    outside.write_bytes(b"do not touch")
    task_id = await make_task(pool, settings.data_root, {"own.txt": b"1234"})
    os.symlink(outside, settings.data_root / task_id / "escape")

    status, body = await _delete(gateway_api, f"/tasks/{task_id}", json={"confirm": True})

    assert status == 200
    assert body["data"]["deleted_bytes"] == 4
    assert outside.read_bytes() == b"do not touch"
    assert not (settings.data_root / task_id).exists()


async def test_batch_reports_a_well_formed_unknown_id_per_task(gateway_api, pool, settings):
    real = await make_task(pool, settings.data_root, {"f": b"1"})
    body = {"task_ids": ["task_invalid_id", real], "confirm": True}
    status, reply = await _delete(gateway_api, "/tasks", json=body)
    assert status == 200
    assert [(f["task_id"], f["error_code"]) for f in reply["data"]["failed_tasks"]] == [
        ("task_invalid_id", "TASK_NOT_FOUND")
    ]
    assert [d["task_id"] for d in reply["data"]["deleted_tasks"]] == [real]
    status, unsafe = await _delete(gateway_api, "/tasks", json={**body, "task_ids": ["../x"]})
    assert (status, unsafe["error_code"]) == (400, "INVALID_PATH")
