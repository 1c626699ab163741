"""Rows each pair's SQL returns on a database (read-only, capped, time-bounded)."""

from collections.abc import Sequence

import asyncpg

from services.executor.query_run import run_limited


async def rows_returned(dsn: str, sqls: Sequence[str]) -> list[int | None]:
    """One connection, one read-only transaction per statement; None where it errors."""
    conn = await asyncpg.connect(dsn)
    try:
        found: list[int | None] = []
        for sql in sqls:
            run = await run_limited(conn, sql)
            found.append(None if run.error else run.rows)
        return found
    finally:
        await conn.close()
