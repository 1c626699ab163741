"""SSE streams: every task (/events) and one task (/tasks/{id}/events). Each starts with a
snapshot of the current state, then follows the broker's events; a task's log lines come from
the database by id, so Last-Event-ID resumes without gaps."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import cast

from aiohttp import web
from aiohttp_sse import EventSourceResponse, sse_response

from services.gateway.events import snapshot, sse
from services.gateway.events.hub import Subscription
from services.gateway.handlers.tasks import load_task
from services.gateway.keys import hub_key, pool_key
from shared.events import Event, LogLines

KEEP_ALIVE_SECONDS = 15.0
SEND_TIMEOUT_SECONDS = 30.0  # a stalled client is cut off after this
LOG_POLL_SECONDS = 0.5  # how soon a new log row reaches a task's stream
IDLE = object()  # no event within the poll interval


@contextlib.asynccontextmanager
async def stream(
    request: web.Request, task_id: str | None
) -> AsyncIterator[tuple[Subscription, EventSourceResponse]]:
    """Subscribed before the snapshot is read, so no event falls between the two; a client
    that went away ends the stream quietly."""
    hub = request.app[hub_key]
    subscription = hub.subscribe(task_id)
    try:
        async with sse_response(
            request, ping_interval=KEEP_ALIVE_SECONDS, send_timeout=SEND_TIMEOUT_SECONDS
        ) as response:
            with contextlib.suppress(ConnectionResetError):
                yield subscription, response
    finally:
        hub.unsubscribe(subscription)


async def next_event(subscription: Subscription, timeout: float) -> Event | object | None:
    """The next event, IDLE when none came in time, None once this client was dropped."""
    try:
        return await asyncio.wait_for(subscription.queue.get(), timeout)
    except TimeoutError:
        return IDLE


def resume_cursor(request: web.Request) -> int | None:
    raw = request.headers.get("Last-Event-ID", "").strip()
    return int(raw) if raw.isdigit() else None


async def forward(response: EventSourceResponse, request: web.Request, event: Event) -> None:
    """A log line only wakes the stream: its row, with the id to resume from, follows from the
    database (after_each), so a line is never sent twice or without an id."""
    if isinstance(event, LogLines):
        return
    await sse.send_event(response, event)
    if sse.changes_state(event):
        await snapshot.task_state(response, request.app[pool_key], event.task_id)


async def follow(
    request: web.Request,
    subscription: Subscription,
    response: EventSourceResponse,
    wait: float,
    after_each: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Forwards events until the client goes or is dropped; `after_each` runs after every
    event and every `wait` seconds without one."""
    while response.is_connected():
        event = await next_event(subscription, wait)
        if event is None:
            return
        if event is not IDLE:
            await forward(response, request, cast(Event, event))
        if after_each is not None:
            await after_each()


async def all_events(request: web.Request) -> web.StreamResponse:
    async with stream(request, None) as (subscription, response):
        await snapshot.recent_tasks(response, request.app[pool_key])
        await follow(request, subscription, response, KEEP_ALIVE_SECONDS)
    return response


async def task_events(request: web.Request) -> web.StreamResponse:
    task = await load_task(request)
    pool = request.app[pool_key]
    async with stream(request, task.id) as (subscription, response):
        await snapshot.task_state(response, pool, task.id)
        cursor = await snapshot.logs_after(response, pool, task.id, resume_cursor(request))

        async def new_logs() -> None:
            nonlocal cursor
            cursor = await snapshot.logs_after(response, pool, task.id, cursor)

        await follow(request, subscription, response, LOG_POLL_SECONDS, new_logs)
    return response
