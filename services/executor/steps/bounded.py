"""Concurrency that leaves nothing behind: the first failure stops the siblings before it is
raised, and a pool is closed within a bound. A step that fails (the app database went away
while it reported progress) must not leave a check running that still holds a connection,
or a pool close waiting for it forever while the heartbeat goes on."""

import asyncio
import logging
from collections.abc import Awaitable, Iterable
from typing import TypeVar

import asyncpg

log = logging.getLogger(__name__)
T = TypeVar("T")
CLOSE_TIMEOUT_SECONDS = 10.0


async def all_or_none(aws: Iterable[Awaitable[T]]) -> list[T]:
    """asyncio.gather's results; on the first failure (or a cancellation) the others are
    cancelled and awaited, then that failure is raised as itself (no ExceptionGroup)."""
    tasks = [asyncio.ensure_future(a) for a in aws]
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def close_pool(pool: asyncpg.Pool, timeout: float = CLOSE_TIMEOUT_SECONDS) -> None:
    """Pool.close() waits for every acquired connection to come back; past `timeout` the
    connections still out are terminated instead."""
    try:
        await asyncio.wait_for(pool.close(), timeout)
    except TimeoutError:
        log.warning("pool close took over %gs: connections still in use terminated", timeout)
        pool.terminate()
