"""Events as SSE messages: the `event:` name the console listens for, and its JSON data."""

import json
from typing import Any

from aiohttp_sse import EventSourceResponse

from services.gateway import views
from shared.messages import Event
from shared.models import ExecutionRecord, LogRecord, TaskRecord


def changes_state(event: Event) -> bool:
    """After these the task row has a new status: streams follow them with its fresh state."""
    return event.type != "execution.progress" or "status" in event.data


def sse_name(event: Event) -> str:
    """progress / step (a progress event that carries the step's new status) / execution /
    log / task."""
    if event.type == "execution.progress":
        return "step" if "status" in event.data else "progress"
    if event.type.startswith("execution."):
        return "execution"
    return "log" if event.type == "log" else "task"


def event_data(event: Event) -> dict[str, Any]:
    return {
        "type": event.type,
        "task_id": event.task_id,
        "execution_id": event.execution_id,
        "occurred_at": views.iso(event.occurred_at),
        **event.data,
    }


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
