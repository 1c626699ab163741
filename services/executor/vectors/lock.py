"""One advisory lock on the vector DB: backup, restore, truncate and training_load never interleave.

Backup, restore, truncate and the training_data writes take it exclusively; training_load takes
it shared, so two tasks may load at once (content dedupe keeps that safe) but never while a
backup or restore runs, nor a restore while they load.

A session-level lock held on the connection the operation works on: it is released when the
operation ends, and by PostgreSQL itself if the process dies. The holder names itself in
application_name, so a refused operation can say what is running."""

import contextlib
from collections.abc import AsyncIterator

import asyncpg

from services.executor.vectors import store
from shared.errors import VectorBusy

# Below 2**31: pg_locks shows it as classid 0, objid LOCK_KEY.
LOCK_KEY = 7_012_001
_LABEL_PREFIX = "dp-vector "


async def holders(conn: asyncpg.pool.PoolConnectionProxy) -> str:
    """What holds the lock now, as the holders described themselves ('' if they are gone)."""
    labels = await conn.fetch(
        """
        SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1
            AND l.pid <> pg_backend_pid()
        ORDER BY a.backend_start
        """,
        LOCK_KEY,
    )
    return ", ".join(str(r[0]).removeprefix(_LABEL_PREFIX) for r in labels)


async def busy(conn: asyncpg.pool.PoolConnectionProxy) -> VectorBusy:
    """The 409 for whoever could not get in, naming what is running."""
    running = await holders(conn)
    return VectorBusy(f"向量库正忙: {running or '另一个操作'} 正在运行", running=running)


@contextlib.asynccontextmanager
async def _held(
    pool: asyncpg.Pool, operation: str, mode: str
) -> AsyncIterator[asyncpg.pool.PoolConnectionProxy]:
    async with pool.acquire() as conn:
        await conn.execute("SELECT set_config('application_name', $1, false)", _label(operation))
        if not await conn.fetchval(f"SELECT pg_try_advisory_lock{mode}($1)", LOCK_KEY):
            raise await busy(conn)
        try:
            await store.ensure_schema(conn)  # only now: no restore holds the tables
            yield conn
        finally:
            # A broken connection took the lock with it; the pool discards the connection.
            with contextlib.suppress(asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
                await conn.execute(f"SELECT pg_advisory_unlock{mode}($1)", LOCK_KEY)


def exclusive(
    pool: asyncpg.Pool, operation: str
) -> contextlib.AbstractAsyncContextManager[asyncpg.pool.PoolConnectionProxy]:
    """A connection holding the store's lock alone; VectorBusy (409) if anything holds it."""
    return _held(pool, operation, "")


def shared(
    pool: asyncpg.Pool, operation: str
) -> contextlib.AbstractAsyncContextManager[asyncpg.pool.PoolConnectionProxy]:
    """Held alongside other shared holders (training_load); VectorBusy if one holds it alone."""
    return _held(pool, operation, "_shared")


def _label(operation: str) -> str:
    return (_LABEL_PREFIX + operation)[:63]  # NAMEDATALEN
