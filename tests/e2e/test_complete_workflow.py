"""The whole workflow through the HTTP API: execute-complete, on the embedded defaults."""

import json

import pytest

from shared.events import Event, ExecutionCompleted, ExecutionProgress, LogLines
from shared.models import StepName, StepStatus
from shared.storage import Storage
from tests.event_tap import EventTap, event_tap
from tests.helpers import API, wait_until
from tests.helpers.api import HIGHWAY_TABLES, json_of, settled

pytestmark = pytest.mark.usefixtures("executor")
BODY = {
    "task_type": "complete_workflow",
    "business_context": "高速公路服务区管理系统",
    "db_name": "highway_db",
    "table_list": HIGHWAY_TABLES,
}


async def _progress_seen(api, task_id, seen):
    task = (await json_of(await api.get(f"{API}/tasks/{task_id}"), 200))["data"]
    seen.append(task["progress"])
    return await settled(api, task_id)


async def test_execute_complete_runs_every_step_in_order(
    gateway_api, settings, vector_db_url, amqp
):
    async with event_tap(amqp, settings.amqp_namespace) as tap:
        started = await json_of(
            await gateway_api.post(f"{API}/tasks/execute-complete", json=BODY), 202
        )
        task_id = started["data"]["task_id"]
        seen: list[int] = []
        task = await wait_until(lambda: _progress_seen(gateway_api, task_id, seen), timeout=120)
        events = await wait_until(lambda: _until_final(tap, task_id), timeout=10)

    assert task["status"] == "completed", task
    assert set(task["step_status"].values()) == {"completed"}
    assert task["progress"] == 100
    assert seen == sorted(seen)  # progress only moves forward
    storage = Storage(settings.data_root)
    result = json.loads(await storage.read_text(task_id, "task_result.json"))
    assert list(result["artifacts"]) == [
        "ddl_generation",
        "qa_generation",
        "sql_validation",
        "training_load",
    ]
    validation = result["artifacts"]["sql_validation"]
    assert validation["valid_sql_count"] == validation["original_sql_count"] > 0
    loaded = result["artifacts"]["training_load"]
    assert loaded["loaded"]["ddl"] + loaded["skipped_duplicates"] >= len(HIGHWAY_TABLES)
    executions = await json_of(await gateway_api.get(f"{API}/tasks/{task_id}/executions"), 200)
    [execution] = executions["data"]["executions"]
    assert execution["step"] == "complete"
    assert execution["status"] == "completed"
    assert events is not None
    _assert_event_story(events, execution["execution_id"])


async def _until_final(tap: EventTap, task_id: str) -> list[Event] | None:
    events = await tap.of_task(task_id)
    return events if any(isinstance(e, ExecutionCompleted) for e in events) else None


def _assert_event_story(events: list[Event], execution_id: str) -> None:
    """Typed events tell the run: created, queued, started, progress per step (also inside a
    step), log lines, completed; progress never goes back."""
    kinds = [e.type for e in events]
    for kind in ("task.created", "execution.queued", "execution.started", "log"):
        assert kind in kinds, kinds
    # Log lines are written off the step's path, so one may trail the final event.
    assert [k for k in kinds if k.startswith("execution.")][-1] == "execution.completed"
    progress = [e for e in events if isinstance(e, ExecutionProgress)]
    values = [p.progress for p in progress if p.progress is not None]
    assert values == sorted(values)
    done = [p.step for p in progress if p.step_status == StepStatus.completed]
    assert done == list(StepName)
    inside = [p.progress for p in progress if not p.changes_step and p.step == "ddl_generation"]
    assert inside, "ddl_generation reports progress while it runs"
    assert all(e.execution_id == execution_id for e in events if isinstance(e, LogLines))


async def test_disabled_steps_are_skipped(gateway_api, settings):
    body = {**BODY, "enable_sql_validation": False, "enable_training_data_load": False}
    started = await json_of(await gateway_api.post(f"{API}/tasks/execute-complete", json=body), 202)
    task_id = started["data"]["task_id"]
    task = await wait_until(lambda: settled(gateway_api, task_id), timeout=120)
    assert task["status"] == "completed"
    assert task["step_status"] == {
        "ddl_generation": "completed",
        "qa_generation": "completed",
        "sql_validation": "skipped",
        "training_load": "skipped",
    }
    files = await Storage(settings.data_root).list_files(task_id)
    assert not any(f.name.startswith("training_load") for f in files)
