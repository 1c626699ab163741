"""One advisory lock on the vector DB: backup, restore, truncate and training_load never interleave.

A session-level lock held on the connection the operation works on: it is released when the
operation ends, and by PostgreSQL itself if the process dies. The holder names itself in
application_name, so a refused operation can say what is running."""

import contextlib
from collections.abc import AsyncIterator

import asyncpg

from shared.errors import VectorBusy

# Below 2**31: pg_locks shows it as classid 0, objid LOCK_KEY.
LOCK_KEY = 7_012_001
_LABEL_PREFIX = "dp-vector "


async def holder(conn: asyncpg.pool.PoolConnectionProxy) -> str:
    """What holds the lock now, as the holder described itself ('' if it is gone)."""
    label = await conn.fetchval(
        """
        SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1
        LIMIT 1
        """,
        LOCK_KEY,
    )
    return str(label or "").removeprefix(_LABEL_PREFIX)


@contextlib.asynccontextmanager
async def exclusive(
    pool: asyncpg.Pool, operation: str
) -> AsyncIterator[asyncpg.pool.PoolConnectionProxy]:
    """A connection holding the store's lock; VectorBusy (409) if another operation has it."""
    async with pool.acquire() as conn:
        await conn.execute("SELECT set_config('application_name', $1, false)", _label(operation))
        if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", LOCK_KEY):
            running = await holder(conn)
            raise VectorBusy(f"向量库正忙: {running or '另一个操作'} 正在运行", running=running)
        try:
            yield conn
        finally:
            # A broken connection took the lock with it; the pool discards the connection.
            with contextlib.suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                await conn.execute("SELECT pg_advisory_unlock($1)", LOCK_KEY)


def _label(operation: str) -> str:
    return (_LABEL_PREFIX + operation)[:63]  # NAMEDATALEN
