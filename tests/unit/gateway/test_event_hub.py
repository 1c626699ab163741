"""The hub's fan-out: per-task filtering, and a slow client dropped without touching others."""

from services.gateway.events.hub import CLIENT_QUEUE_SIZE, EventHub
from services.gateway.events.sse import changes_state, sse_name
from shared.messages import Event


def progress(task_id: str, **data) -> Event:
    return Event(type="execution.progress", task_id=task_id, data={"progress": 1, **data})


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
        hub.publish(progress("task_a", progress=i))
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
    assert sse_name(progress("t", status="running")) == "step"
    assert sse_name(Event(type="execution.failed", task_id="t")) == "execution"
    assert sse_name(Event(type="task.deleted", task_id="t")) == "task"
    assert not changes_state(progress("t"))
    assert changes_state(Event(type="execution.completed", task_id="t"))
