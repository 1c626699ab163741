"""SSE streams against the real gateway, broker and database: snapshot first, live events
named for the console, log rows by id with Last-Event-ID resume, keep-alives, auth."""

from services.gateway.handlers import events as handlers
from services.gateway.keys import hub_key
from shared.clock import utcnow
from shared.events import ExecutionProgress, ExecutionStarted, LogLines, TaskCreated
from shared.models import StepName, StepStatus
from tests.helpers import wait_until
from tests.integration.gateway.events_support import add_logs, new_task, open_stream


async def test_task_stream_starts_with_the_state_then_the_log_tail(client, pool, settings):
    task_id = await new_task(pool, settings.data_root, log_lines=3)
    async with open_stream(client, f"/tasks/{task_id}/events") as stream:
        first = await stream.next()
        assert first.event == "task"
        assert first.data["task_id"] == task_id
        assert first.data["status"] == "pending"
        lines = [await stream.until("log") for _ in range(3)]
    assert [m.data["message"] for m in lines] == ["line 0", "line 1", "line 2"]
    assert [m.row_id for m in lines] == [m.data["id"] for m in lines]


async def test_last_event_id_resumes_after_that_row_without_gaps(client, pool, settings):
    task_id = await new_task(pool, settings.data_root, log_lines=4)
    async with open_stream(client, f"/tasks/{task_id}/events") as stream:
        ids = [(await stream.until("log")).row_id for _ in range(4)]
    async with open_stream(
        client, f"/tasks/{task_id}/events", **{"Last-Event-ID": str(ids[1])}
    ) as stream:
        await add_logs(pool, task_id, ["after reconnect"])
        resumed = [await stream.until("log") for _ in range(3)]
    assert [m.row_id for m in resumed[:2]] == ids[2:]
    assert resumed[2].data["message"] == "after reconnect"


async def test_broker_events_arrive_under_their_console_names(client, pool, settings, publisher):
    task_id = await new_task(pool, settings.data_root)
    async with open_stream(client, f"/tasks/{task_id}/events") as stream:
        await stream.until("task")
        await wait_until(lambda: _subscribed(client, task_id))
        await publisher.event(_progress(task_id, progress=12))
        progress = await stream.until("progress")
        await publisher.event(_progress(task_id, step_status=StepStatus.running))
        step = await stream.until("step")
        after_step = await stream.until("task", task_id=task_id)
        started = ExecutionStarted(task_id=task_id, execution_id="e1", step="complete")
        await publisher.event(started)
        execution = await stream.until("execution", execution_id="e1")
    assert progress.data["progress"] == 12
    assert step.data["step_status"] == "running"
    assert after_step.data["type"] == "task.state"  # the fresh row follows a state change
    assert execution.data["type"] == "execution.started"


async def test_one_log_event_brings_each_row_of_its_batch_once_with_its_id(
    client, pool, settings, publisher
):
    task_id = await new_task(pool, settings.data_root)
    async with open_stream(client, f"/tasks/{task_id}/events") as stream:
        await stream.until("task")
        await wait_until(lambda: _subscribed(client, task_id))
        await add_logs(pool, task_id, ["live 0", "live 1", "live 2"])
        batch = LogLines(task_id=task_id, execution_id=None, step=None, lines=3, level="INFO",
                         logged_at=utcnow())  # fmt: skip
        await publisher.event(batch)
        await publisher.event(_progress(task_id, progress=3))  # a marker after the batch
        seen = []
        while (message := await stream.next()).event != "progress":
            seen.append(message)
    logs = [m for m in seen if m.event == "log"]
    assert [m.data["message"] for m in logs] == ["live 0", "live 1", "live 2"]
    assert [m.row_id for m in logs] == [m.data["id"] for m in logs]
    assert len({m.row_id for m in logs}) == 3


async def test_a_task_stream_ignores_other_tasks(client, pool, settings, publisher):
    mine, other = await new_task(pool, settings.data_root), await new_task(pool, settings.data_root)
    async with open_stream(client, f"/tasks/{mine}/events") as stream:
        await stream.until("task")
        await wait_until(lambda: _subscribed(client, mine))
        for task_id, value in ((other, 1), (mine, 2)):
            await publisher.event(_progress(task_id, progress=value))
        progress = await stream.until("progress")
    assert progress.data["task_id"] == mine
    assert progress.data["progress"] == 2


async def test_the_all_tasks_stream_sends_recent_tasks_then_every_task(
    client, pool, settings, publisher
):
    existing = await new_task(pool, settings.data_root)
    async with open_stream(client, "/events") as stream:
        snapshot = await stream.until("task", task_id=existing)
        await wait_until(lambda: _subscribed(client, None))
        later = await new_task(pool, settings.data_root)
        await publisher.event(TaskCreated(task_id=later))
        created = await stream.until("task", task_id=later, type="task.created")
        state = await stream.until("task", task_id=later, type="task.state")
    assert snapshot.data["type"] == "task.state"
    assert created.data["task_id"] == state.data["task_id"] == later
    assert state.data["status"] == "pending"


async def test_an_unknown_task_is_a_404_envelope(client):
    response = await client.get("/api/v0/data_pipeline/tasks/task_20990101_000000/events")
    assert response.status == 404
    assert (await response.json())["error_code"] == "TASK_NOT_FOUND"


async def test_idle_streams_send_keep_alive_comments(client, pool, settings, monkeypatch):
    monkeypatch.setattr(handlers, "KEEP_ALIVE_SECONDS", 0.2)
    task_id = await new_task(pool, settings.data_root)
    async with open_stream(client, f"/tasks/{task_id}/events") as stream:
        await stream.until("task")
        message = await stream.next(timeout=5)
        while message.comment is None:
            message = await stream.next(timeout=5)
    assert message.comment == "ping"


def _progress(task_id, **fields):
    return ExecutionProgress(
        task_id=task_id, execution_id="e1", step=StepName.ddl_generation, **fields
    )


async def _subscribed(client, task_id):
    return client.app[hub_key].watching(task_id) > 0
