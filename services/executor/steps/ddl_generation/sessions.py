"""A few read-only sessions on the business DB for the per-table queries of a large step: the
server works on the next tables while the executor writes this one's files. Results come back
in table order, whatever order the queries finish in."""

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable
from itertools import islice
from typing import TypeVar

import asyncpg

from services.executor.context import StepContext
from services.executor.steps.ddl_generation.connection import connect_read_only

T = TypeVar("T")
R = TypeVar("R")
TABLES_PER_SESSION = 10  # below this many tables per extra session, one session is quicker
MAX_SESSIONS = 3


class Sessions:
    def __init__(self, connections: list[asyncpg.Connection]) -> None:
        self.main = connections[0]  # also the one for anything outside `ordered`
        self._connections = connections

    async def ordered(
        self, items: Iterable[T], work: Callable[[asyncpg.Connection, T], Awaitable[R]]
    ) -> AsyncGenerator[R, None]:
        """`work(conn, item)` for each item, at most one per session at a time, a few items
        ahead of the consumer; yielded in the items' order (an error surfaces in its turn)."""
        free: asyncio.Queue[asyncpg.Connection] = asyncio.Queue()
        for conn in self._connections:
            free.put_nowait(conn)

        async def one(item: T) -> R:
            conn = await free.get()
            try:
                return await work(conn, item)
            finally:
                free.put_nowait(conn)

        pending = iter(items)
        ahead = 2 * len(self._connections)
        running = deque(asyncio.ensure_future(one(item)) for item in islice(pending, ahead))
        try:
            while running:
                result = await running.popleft()
                for item in islice(pending, 1):
                    running.append(asyncio.ensure_future(one(item)))
                yield result
        finally:
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)

    async def all(
        self, items: Iterable[T], work: Callable[[asyncpg.Connection, T], Awaitable[R]]
    ) -> list[R]:
        return [result async for result in self.ordered(items, work)]


def session_count(tables: int) -> int:
    return max(1, min(MAX_SESSIONS, tables // TABLES_PER_SESSION))


@contextlib.asynccontextmanager
async def business_sessions(ctx: StepContext, tables: int) -> AsyncIterator[Sessions]:
    """The step's session plus extra ones for many tables (opened together, closed on exit)."""
    count = session_count(tables)
    opened = await asyncio.gather(
        *(connect_read_only(ctx.source) for _ in range(count)), return_exceptions=True
    )
    connections = [c for c in opened if isinstance(c, asyncpg.Connection)]
    try:
        if not connections:
            raise next(e for e in opened if isinstance(e, BaseException))
        yield Sessions(connections)
    finally:
        await asyncio.gather(*(c.close() for c in connections), return_exceptions=True)
