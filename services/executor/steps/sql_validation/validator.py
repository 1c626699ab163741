"""EXPLAIN each SQL over a small pool of read-only, time-bounded sessions on the business DB."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from services.executor.source_db import CONNECT_ERRORS, SourceDb, connect_failure
from services.executor.steps.bounded import close_pool
from services.executor.steps.sql_validation.records import Check
from services.executor.steps.sql_validation.statements import InvalidStatement, prepare
from shared.secrets import mask_text

MAX_CONNECTIONS = 5
MAX_RETRIES = 2
RETRY_DELAY = 0.5
STATEMENT_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT = 10.0
CONNECTION_ERRORS = (
    asyncpg.PostgresConnectionError,
    asyncpg.ConnectionDoesNotExistError,
    ConnectionError,
    OSError,  # includes TimeoutError: no connection in time
)
# Set once per connection: each EXPLAIN is then one round trip (no BEGIN/SET LOCAL/COMMIT).
_SESSION = {
    "default_transaction_read_only": "on",
    "statement_timeout": str(STATEMENT_TIMEOUT_MS),
    "application_name": "data_pipeline_sql_validation",
}


@contextlib.asynccontextmanager
async def source_pool(source: SourceDb) -> AsyncIterator[asyncpg.Pool]:
    """A pool on the business DB, retried only on connection errors; StepFailed otherwise."""
    pool = await _connect(source.connect_kwargs())
    try:
        yield pool
    finally:
        await close_pool(pool)


async def _connect(target: dict[str, Any]) -> asyncpg.Pool:
    for attempt in range(MAX_RETRIES + 1):
        try:
            pool: asyncpg.Pool = await asyncpg.create_pool(
                **target,
                min_size=1,
                max_size=MAX_CONNECTIONS,
                timeout=CONNECT_TIMEOUT,
                statement_cache_size=0,  # every EXPLAIN is different: caching only grows memory
                server_settings=_SESSION,
            )
            return pool
        except CONNECTION_ERRORS as exc:
            if attempt == MAX_RETRIES:
                raise connect_failure(exc) from None
            await asyncio.sleep(RETRY_DELAY * (attempt + 1))
        except CONNECT_ERRORS as exc:
            raise connect_failure(exc) from None
    raise AssertionError("unreachable")


class Validator:
    """At most MAX_CONNECTIONS EXPLAINs at once, on connections kept for the whole run (a
    release per statement would cost asyncpg's reset query each time). Use it with `async with`:
    leaving gives the connections back to the pool."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.slots = asyncio.Semaphore(MAX_CONNECTIONS)
        self.idle: list[PoolConnectionProxy] = []

    async def __aenter__(self) -> "Validator":
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        while self.idle:
            await self.pool.release(self.idle.pop())

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[PoolConnectionProxy]:
        """One of the kept connections (at most MAX_CONNECTIONS in use at once)."""
        async with self.slots:
            conn = (
                self.idle.pop() if self.idle else await self.pool.acquire(timeout=CONNECT_TIMEOUT)
            )
            try:
                yield conn
            except CONNECTION_ERRORS:
                await self.pool.release(conn)  # the pool replaces a broken one
                raise
            except BaseException:
                self.idle.append(conn)  # a statement error leaves the session usable
                raise
            self.idle.append(conn)

    async def check(self, sql: str) -> Check:
        started = time.monotonic()
        try:
            statement = prepare(sql)
        except InvalidStatement as exc:
            return Check(False, exc.message)
        error = ""
        for retries in range(MAX_RETRIES + 1):
            if retries:
                await asyncio.sleep(RETRY_DELAY)
            try:
                planning_error = await self._planning_error(statement)
            except CONNECTION_ERRORS as exc:
                error = f"数据库连接错误：{mask_text(str(exc)) or type(exc).__name__}"
                continue
            elapsed = time.monotonic() - started
            return Check(planning_error is None, planning_error, elapsed, retries)
        return Check(False, error, time.monotonic() - started, MAX_RETRIES, connection_error=True)

    async def _planning_error(self, statement: str) -> str | None:
        """None when the server plans the query, else its error; connection errors propagate."""
        try:
            await self._explain(statement)
        except CONNECTION_ERRORS:
            raise  # some are PostgresError/InterfaceError subclasses: retried by the caller
        except asyncpg.QueryCanceledError:
            return f"验证超时（{STATEMENT_TIMEOUT_MS // 1000}秒）"
        except (asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            return " ".join(str(exc).split())  # one line: the reports are line-based
        return None

    async def _explain(self, statement: str) -> None:
        async with self.connection() as conn:
            # fetch() uses the extended protocol: the server itself refuses a second statement.
            await conn.fetch(f"EXPLAIN {statement}")
