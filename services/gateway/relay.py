"""Outbox relay: republishes commands committed but never confirmed by the broker."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from pydantic import ValidationError

from services.gateway.keys import broker_key, metrics_key, pool_key, settings_key
from services.gateway.outbox import wire_body
from shared.broker import PUBLISH_ERRORS
from shared.db import commands
from shared.messages import COMMAND_ADAPTER, Command
from shared.records import CommandRecord
from shared.transient import is_transient

log = logging.getLogger(__name__)


class BrokerUnreachable(Exception):
    """A publish failed: the broker, not the database, is what is down."""


def rebuild(record: CommandRecord) -> Command:
    """The message from its row. The payload is masked: consumers read secrets from the task
    row, never from a command."""
    return COMMAND_ADAPTER.validate_python(
        {
            "type": record.command_type,
            "command_id": record.command_id,
            "issued_by": record.issued_by or "anonymous",
            "issued_at": record.created_at,
            "payload": record.payload,
        }
    )


async def relay_once(app: web.Application) -> int:
    """Sends every stale pending command; returns how many went out. Raises BrokerUnreachable
    when a publish fails, the database's own errors when reading or marking the rows fails."""
    pool, interval = app[pool_key], app[settings_key].outbox_relay_seconds
    sent = 0
    for record in await commands.unpublished(pool, older_than_seconds=interval):
        try:
            command = rebuild(record)
        except ValidationError:
            log.error("outbox row %s is not a valid command; rejected", record.command_id)
            await commands.complete(
                pool, record.command_id, status="rejected", result=None, error_code="INVALID"
            )
            continue
        try:
            await app[broker_key].publish_raw(
                wire_body(command), record.command_type, record.command_id
            )
        except PUBLISH_ERRORS as exc:
            raise BrokerUnreachable(repr(exc)) from exc
        await commands.mark_published(pool, record.command_id)
        app[metrics_key].published.labels(record.command_type).inc()
        sent += 1
    return sent


async def run_relay(app: web.Application) -> None:
    interval = app[settings_key].outbox_relay_seconds
    down: str | None = None  # what is unreachable: logged once per outage, not once per tick
    while True:
        try:
            sent = await relay_once(app)
            if down or sent:
                back = f" ({down} reachable again)" if down else ""
                log.info("outbox relay: %d command(s) republished%s", sent, back)
            down = None
        except BrokerUnreachable as exc:
            down = _note_down(down, "broker", str(exc))
        except Exception as exc:  # the loop's boundary: a DB hiccup must not end the relay
            if not is_transient(exc):
                log.exception("outbox relay iteration failed")
            else:
                down = _note_down(down, "database", repr(exc))
        await asyncio.sleep(interval)


def _note_down(down: str | None, what: str, error: str) -> str:
    if down != what:
        log.warning("outbox relay: %s unreachable (%s); retrying", what, error)
    return what


async def outbox_relay(app: web.Application) -> AsyncIterator[None]:
    task = asyncio.create_task(run_relay(app), name="outbox-relay")
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
