"""Runs one generated SELECT for real: read-only, time-bounded, at most `limit` rows fetched."""

import time
from dataclasses import dataclass

import asyncpg

from shared.db.pool import TxConn

ROW_LIMIT = 100
STATEMENT_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class QueryRun:
    rows: int
    seconds: float
    error: str | None = None


def wrapped(sql: str, limit: int = ROW_LIMIT) -> str:
    """The statement as a subquery, so the server stops after `limit` rows whatever it asks."""
    return f"SELECT * FROM ({sql.strip().rstrip(';').strip()}) AS checked LIMIT {int(limit)}"


def failure(exc: BaseException, timeout_ms: int = STATEMENT_TIMEOUT_MS) -> str:
    """A failed run's error as the reports state it (one line)."""
    if isinstance(exc, asyncpg.QueryCanceledError):
        return f"执行超时（{timeout_ms // 1000}秒）"
    return " ".join(str(exc).split())


async def run_limited(
    conn: TxConn, sql: str, *, timeout_ms: int = STATEMENT_TIMEOUT_MS
) -> QueryRun:
    """Rows returned (capped) and time taken; a server error is reported, never raised."""
    started = time.monotonic()
    try:
        async with conn.transaction(readonly=True):
            await conn.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
            rows = await conn.fetch(wrapped(sql))
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        return QueryRun(0, time.monotonic() - started, failure(exc, timeout_ms))
    return QueryRun(len(rows), time.monotonic() - started)
