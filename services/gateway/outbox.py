"""Record-then-publish (the transactional outbox): commands are committed before they are sent."""

import json
import logging
import uuid
from typing import Any

from aiohttp import web

from services.gateway import idempotency
from services.gateway.keys import broker_key, metrics_key, pool_key, principal_key
from shared.broker import PUBLISH_ERRORS
from shared.db import commands
from shared.db.pool import Conn
from shared.emitter import emit
from shared.errors import IdempotencyConflict
from shared.events import EventBase
from shared.messages import CommandBase
from shared.secrets import mask_tree
from shared.transient import is_transient

log = logging.getLogger(__name__)


def principal(request: web.Request, fallback: str | None = None) -> str:
    """Who issues the command: the token's name, else what the body says, else guest."""
    return request.get(principal_key) or fallback or "guest"


def identity(request: web.Request, issued_by: str, role: str = "") -> dict[str, Any]:
    """issued_by and command_id: the one an Idempotency-Key fixes, else a new uuid4 (drawn here,
    so a command that refers to rows made for it can be built once, after them)."""
    ident = idempotency.of(request)
    command_id = ident.command_id(role) if ident is not None else uuid.uuid4()
    return {"issued_by": issued_by, "command_id": command_id}


def routing_key(command: CommandBase) -> str:
    # The command type is its routing key (task.create, task.execute, ...).
    return str(command.model_dump()["type"])


async def record(
    conn: Conn, request: web.Request, command: CommandBase, task_id: str | None, role: str = ""
) -> None:
    """Inserts the command row (payload masked) in the caller's transaction. The request's
    Idempotency-Key goes on the primary command (role ""); a duplicate id is a conflict."""
    ident = idempotency.of(request) if not role else None
    row = commands.NewCommand(
        command_id=str(command.command_id),
        command_type=routing_key(command),
        task_id=task_id,
        payload=mask_tree(command.model_dump(mode="json")["payload"]),
        issued_by=command.issued_by,
        source="http",
        idempotency_key=ident.key if ident else None,
        request_hash=ident.request_hash if ident else None,
    )
    if not await commands.insert(conn, row):
        raise IdempotencyConflict("相同 Idempotency-Key 的请求正在处理中")


def wire_body(command: CommandBase) -> bytes:
    """The message as sent: secrets masked like the stored row (consumers read them from the
    task row), so a republished command is byte-for-byte the same message."""
    return json.dumps(mask_tree(command.model_dump(mode="json")), ensure_ascii=False).encode()


async def publish(
    app: web.Application,
    command: CommandBase,
    reply_to: str | None = None,
    *,
    conn: Conn | None = None,
) -> bool:
    """Publishes a committed command; on a broker outage the relay sends it later (without
    reply_to: its result is in the command's row). False when deferred so. `conn`: the
    request's connection, held on for marking the row published (no second checkout)."""
    key = routing_key(command)
    command_id = str(command.command_id)
    try:
        await app[broker_key].publish_raw(wire_body(command), key, command_id, reply_to)
    except PUBLISH_ERRORS as exc:
        app[metrics_key].publish_failures.labels(key).inc()
        log.warning("publish of %s %s deferred to the relay: %r", key, command_id, exc)
        return False
    app[metrics_key].published.labels(key).inc()
    try:
        await commands.mark_published(conn or app[pool_key], command_id)
    except Exception as exc:  # sent; the relay may send it again, which consumers ignore
        if not is_transient(exc):
            raise
        log.warning("%s %s sent, not marked published: %r", key, command_id, exc)
    return True


def announce_soon(app: web.Application, event: EventBase) -> None:
    """announce() without holding the response back (the link waits for it before closing)."""
    app[broker_key].in_background(announce(app, event))


async def announce(app: web.Application, event: EventBase) -> None:
    """Emits an event for a committed change; a broker that is down only delays the UI."""
    try:
        publisher = await app[broker_key].publisher()
    except PUBLISH_ERRORS as exc:
        log.warning("event %s for %s not published: %r", event.type, event.task_id, exc)
        return
    await emit(publisher, event)
