"""An execution that loses its database pauses and resumes: a step that failed because the
app database went away is not the step's failure; it waits for the database and runs again."""

import logging

import asyncpg

from services.executor.tasklog import TaskLog
from shared.transient import is_transient, outlast

log = logging.getLogger(__name__)
PROBE_TIMEOUT = 3.0


class Paused(Exception):
    """The step stopped because the app database is unreachable; not recorded as a failure."""


async def _probe(pool: asyncpg.Pool) -> None:
    await pool.fetchval("SELECT 1", timeout=PROBE_TIMEOUT)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and what it wraps (a step may report a lost connection as StepFailed)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _connection_trouble(exc: BaseException) -> bool:
    # A connection broken mid-operation also surfaces as a misuse error ("another operation is
    # in progress"): the probe decides.
    return any(is_transient(e) or isinstance(e, asyncpg.InterfaceError) for e in _chain(exc))


async def database_down(dsn: str, exc: BaseException) -> bool:
    """True when `exc` comes from a connection failure and the app database takes no new
    connection now (a pooled one may outlive a shutdown by a moment). A business database
    that is down, with the app database up, is the step's own failure."""
    if not _connection_trouble(exc):
        return False
    try:
        conn = await asyncpg.connect(dsn, timeout=PROBE_TIMEOUT)
    except Exception as probe_exc:
        return is_transient(probe_exc)
    await conn.close()
    return False


async def wait_for_database(pool: asyncpg.Pool, task_log: TaskLog, step: str) -> None:
    log.warning("execution paused in %s: app database unreachable", step)
    # Each retry counts as the run moving: a paused run keeps its heartbeat (see supervision.py).
    await outlast(
        lambda: _probe(pool), f"waiting for the database ({step})", on_retry=task_log.touch
    )
    task_log.warning(f"数据库连接已恢复，重新执行步骤: {step}")
