"""Sending an existing queued execution's command again (same execution_id): a hand-back on
shutdown, a retry after a lost executor, a command the janitor found missing. The row is
recorded first; if the broker is away it stays pending and the gateway's outbox relay sends it."""

import logging

from shared.broker import Publisher
from shared.db import commands
from shared.db.pool import Conn
from shared.messages import ExecuteTask, ExecuteTaskPayload
from shared.records import ExecutionRecord
from shared.transient import is_transient

log = logging.getLogger(__name__)


def _command(e: ExecutionRecord, issued_by: str) -> ExecuteTask:
    payload = ExecuteTaskPayload(
        task_id=e.task_id,
        step=e.step,
        force_execute=True,
        clean_previous=e.clean_previous,
        execution_id=e.execution_id,
        **e.options,
    )
    return ExecuteTask(issued_by=issued_by, payload=payload)


async def redispatch(
    conn: Conn, publisher: Publisher | None, e: ExecutionRecord, issued_by: str
) -> str:
    """Records and publishes a new task.execute for `e`; returns its command id."""
    cmd = _command(e, issued_by)
    command_id = str(cmd.command_id)
    row = commands.NewCommand(
        command_id=command_id,
        command_type=cmd.type,
        task_id=e.task_id,
        payload=cmd.payload.model_dump(mode="json"),
        issued_by=issued_by,
        source="system",
    )
    await commands.insert(conn, row)
    if publisher is None:
        return command_id
    try:
        await publisher.command(cmd, cmd.type)
    except Exception as exc:
        if not is_transient(exc):
            raise
        log.warning("publish of %s deferred to the outbox relay: %r", command_id, exc)
        return command_id
    await commands.mark_published(conn, command_id)
    return command_id
