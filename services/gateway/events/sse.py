"""Events as SSE messages: the `event:` name the console listens for, and its JSON data."""

import json
from typing import Any

from aiohttp_sse import EventSourceResponse

from services.gateway import views
from shared.clock import iso
from shared.events import Event, ExecutionProgress
from shared.records import ExecutionRecord, LogRecord, TaskRecord


def changes_state(event: Event) -> bool:
    """After these the task row has a new status: streams follow them with its fresh state."""
    return not isinstance(event, ExecutionProgress) or event.changes_step


def sse_name(event: Event) -> str:
    """progress / step (a progress event that carries the step's new status) / execution /
    log / task."""
    if isinstance(event, ExecutionProgress):
        return "step" if event.changes_step else "progress"
    if event.type.startswith("execution."):
        return "execution"
    return "log" if event.type == "log" else "task"


def event_data(event: Event) -> dict[str, Any]:
    """The event's own fields (its contract in docs/messaging.md), the time as the API shows it."""
    data = event.model_dump(mode="json", exclude={"event_id"}, exclude_none=True)
    return {**data, "occurred_at": iso(event.occurred_at)}


async def send(response: EventSourceResponse, name: str, data: Any, id_: int | None = None) -> None:
    body = json.dumps(data, ensure_ascii=False, default=str)
    await response.send(body, event=name, id=None if id_ is None else str(id_))


async def send_event(response: EventSourceResponse, event: Event) -> None:
    await send(response, sse_name(event), event_data(event))


async def send_task(response: EventSourceResponse, task: TaskRecord) -> None:
    await send(response, "task", {"type": "task.state", **views.task_summary(task)})


async def send_execution(response: EventSourceResponse, e: ExecutionRecord) -> None:
    await send(response, "execution", {"type": "execution.state", **views.execution(e)})


async def send_log(response: EventSourceResponse, row: LogRecord) -> None:
    """The row id is the SSE id: a reconnecting browser resumes after it (Last-Event-ID)."""
    await send(response, "log", views.log_entry(row), id_=row.id)
