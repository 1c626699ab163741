"""Liveness while a step runs: refresh the heartbeat, and stop the run when the execution was
cancelled or declared lost by the janitor."""

import asyncio
import logging
from collections.abc import Callable

import asyncpg

from shared.db import executions

log = logging.getLogger(__name__)


async def keep_alive(
    pool: asyncpg.Pool,
    execution_id: str,
    worker_id: str,
    interval: float,
    stop: Callable[[str], None],
    *,
    on_beat: Callable[[], None] | None = None,
) -> None:
    """Runs until cancelled; calls stop("cancelled") or stop("lost") once, then returns."""
    while True:
        await asyncio.sleep(interval)
        try:
            state = await executions.heartbeat(pool, execution_id, worker_id)
        except (OSError, asyncpg.PostgresError) as exc:  # a DB blip: try again next beat
            log.warning("heartbeat for %s failed: %s", execution_id, exc)
            continue
        if on_beat is not None:
            on_beat()
        if state is None:
            stop("lost")
            return
        if state:
            stop("cancelled")
            return
