"""The hub's fan-out: per-task filtering, and a slow client dropped without touching others."""

from services.gateway.events.hub import CLIENT_QUEUE_SIZE, EventHub
from services.gateway.events.sse import changes_state, sse_name
from shared.events import (
    ExecutionCompleted,
    ExecutionFailed,
    ExecutionProgress,
    TaskDeleted,
)
from shared.models import StepName, StepStatus


def progress(task_id: str, **fields) -> ExecutionProgress:
    base = {"execution_id": "e", "step": StepName.ddl_generation, "progress": 1}
    return ExecutionProgress(task_id=task_id, **(base | fields))


def test_a_task_subscription_gets_only_its_task():
    hub = EventHub()
    everything, mine = hub.subscribe(None), hub.subscribe("task_a")
    hub.publish(progress("task_a"))
    hub.publish(progress("task_b"))
    assert everything.queue.qsize() == 2
    assert mine.queue.qsize() == 1


def test_a_client_that_falls_behind_is_dropped_and_told_so():
    hub = EventHub()
    slow, keeping_up = hub.subscribe(None), hub.subscribe(None)
    for i in range(CLIENT_QUEUE_SIZE + 1):
        hub.publish(progress("task_a", progress=i % 101))
        if i % 10 == 0:
            while not keeping_up.queue.empty():
                keeping_up.queue.get_nowait()
    assert slow.dropped
    assert slow.queue.qsize() == 1
    assert slow.queue.get_nowait() is None  # the stream ends on this
    assert not keeping_up.dropped
    assert hub.clients == 1


def test_console_names():
    assert sse_name(progress("t")) == "progress"
    assert sse_name(progress("t", step_status=StepStatus.running)) == "step"
    failed = ExecutionFailed(task_id="t", execution_id="e", step="complete", error="x")
    assert sse_name(failed) == "execution"
    deleted = TaskDeleted(
        task_id="t", directory_deleted=True, database_records_deleted=False, deleted_bytes=0
    )
    assert sse_name(deleted) == "task"
    assert not changes_state(progress("t"))
    assert changes_state(ExecutionCompleted(task_id="t", execution_id="e", step="complete"))
