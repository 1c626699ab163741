"""Seed 000's refusals through the HTTP API: parameters, unknown/running tasks, bad ids, roles."""

import pytest
from pydantic import SecretStr

from shared.db import commands, executions
from tests.helpers import API, new_task_id
from tests.helpers.api import gateway_client
from tests.helpers.tasks import make_task, queue_and_claim

pytestmark = pytest.mark.usefixtures("janitor_service")


async def _delete(api, path, **kwargs):
    response = await api.delete(f"{API}{path}", **kwargs)
    return response.status, await response.json()


@pytest.mark.parametrize(
    "case",
    [
        ("/tasks/{id}", {}, ["confirm"]),  # single, no confirm at all
        ("/tasks/{id}", None, ["confirm"]),  # single, no body and no query
        ("/tasks", {"task_ids": ["{id}"]}, ["confirm"]),  # batch without confirm
        ("/tasks", {"confirm": True}, ["task_ids"]),  # batch without ids
        ("/tasks", {"task_ids": [], "confirm": True}, ["task_ids"]),  # batch with no ids
    ],
)
async def test_missing_parameters(gateway_api, pool, settings, case):
    path, body, missing = case
    task_id = await make_task(pool, settings.data_root, {"f": b"1"})
    body = {k: [task_id] if k == "task_ids" and v else v for k, v in (body or {}).items()}
    status, answer = await _delete(gateway_api, path.format(id=task_id), json=body or None)
    assert status == 400
    assert answer["error_code"] == "MISSING_PARAMS"
    assert answer["missing_params"] == missing
    assert answer["message"] == f"缺少必需参数: {', '.join(missing)}"
    assert (settings.data_root / task_id).exists()


@pytest.mark.parametrize(
    "confirm",
    [False, "true", 1, "yes"],  # only the JSON literal true confirms
)
async def test_confirm_must_be_literally_true(gateway_api, pool, settings, confirm):
    task_id = await make_task(pool, settings.data_root, {"f": b"1"})
    status, answer = await _delete(gateway_api, f"/tasks/{task_id}", json={"confirm": confirm})
    assert (status, answer["error_code"]) == (400, "CONFIRM_REQUIRED")
    assert (settings.data_root / task_id).exists()


async def test_confirm_false_in_query(gateway_api, pool, settings):
    task_id = await make_task(pool, settings.data_root, {"f": b"1"})
    status, answer = await _delete(gateway_api, f"/tasks/{task_id}?confirm=false")
    assert (status, answer["error_code"]) == (400, "CONFIRM_REQUIRED")


async def test_wrong_types_are_validation_errors(gateway_api, pool, settings):
    task_id = await make_task(pool, settings.data_root, {"f": b"1"})
    bodies = [
        {"confirm": True, "force": "yes"},  # booleans are JSON booleans
        {"confirm": True, "unknown": 1},  # unknown field
    ]
    for body in bodies:
        status, answer = await _delete(gateway_api, f"/tasks/{task_id}", json=body)
        assert (status, answer["error_code"]) == (400, "VALIDATION_ERROR")
    status, answer = await _delete(gateway_api, "/tasks", json={"task_ids": "x", "confirm": True})
    assert (status, answer["error_code"]) == (400, "VALIDATION_ERROR")


async def test_unknown_single_task_is_404(gateway_api):
    task_id = new_task_id()
    status, answer = await _delete(gateway_api, f"/tasks/{task_id}", json={"confirm": True})
    assert (status, answer["error_code"]) == (404, "TASK_NOT_FOUND")
    assert answer["message"] == f"任务不存在: {task_id}"


@pytest.mark.parametrize(
    "bad_id",
    [
        "../x",  # parent traversal
        "task_1/../../etc",  # traversal behind a task-like prefix
        "%2e%2e",  # encoded '..'
        "/etc",  # absolute path
    ],
)
async def test_bad_ids_in_a_batch_are_refused(gateway_api, pool, settings, bad_id):
    canary = await make_task(pool, settings.data_root, {"f": b"1"})
    status, answer = await _delete(
        gateway_api, "/tasks", json={"task_ids": [canary, bad_id], "confirm": True}
    )
    assert (status, answer["error_code"]) == (400, "INVALID_PATH")
    assert (settings.data_root / canary).exists()


@pytest.mark.parametrize(
    "raw_path",
    ["/tasks/%2e%2e", "/tasks/..%2Fx", "/tasks/task_1%2F..%2F..%2Fetc", "/tasks/%2Fetc"],
)
async def test_bad_ids_in_the_path_are_refused(gateway_api, pool, settings, raw_path):
    canary = await make_task(pool, settings.data_root, {"f": b"1"})
    response = await gateway_api.delete(f"{API}{raw_path}?confirm=true")
    answer = await response.json()
    assert response.status in (400, 404)  # refused either by id validation or by routing
    assert answer["error_code"] in ("INVALID_PATH", "NOT_FOUND")
    assert (settings.data_root / canary).exists()
    assert settings.data_root.exists()


async def test_running_task_without_force_is_409(gateway_api, pool, settings):
    task_id = await make_task(pool, settings.data_root, {"f": b"1"})
    active = await queue_and_claim(pool, task_id)
    status, answer = await _delete(gateway_api, f"/tasks/{task_id}", json={"confirm": True})
    assert (status, answer["error_code"]) == (409, "TASK_RUNNING")
    assert answer["message"] == "任务正在运行中,无法删除"
    assert answer["data"] == {"task_id": task_id, "current_status": "running"}
    assert (settings.data_root / task_id).exists()
    await executions.finish(pool, active.execution_id, status="cancelled")


async def test_delete_needs_the_admin_role_when_tokens_are_configured(pool, settings):
    secured = settings.model_copy(
        update={"api_tokens": SecretStr("ops:op-token:operator,root:admin-token:admin")}
    )
    task_id = await make_task(pool, settings.data_root, {"f": b"1"})
    async with gateway_client(secured) as api:
        operator = await _delete(
            api,
            f"/tasks/{task_id}",
            json={"confirm": True},
            headers={"Authorization": "Bearer op-token"},
        )
        nobody = await _delete(api, f"/tasks/{task_id}", json={"confirm": True})
        admin = await _delete(
            api,
            f"/tasks/{task_id}",
            json={"confirm": True},
            headers={"Authorization": "Bearer admin-token"},
        )
    assert (operator[0], operator[1]["error_code"]) == (403, "FORBIDDEN")
    assert (nobody[0], nobody[1]["error_code"]) == (401, "UNAUTHORIZED")
    assert admin[0] == 200
    audit = [c for c in await commands.list_recent(pool, "task.delete") if c.task_id == task_id]
    assert [c.issued_by for c in audit] == ["root"]
