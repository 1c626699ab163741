"""A small pool on the vector DB with the pgvector codec, after checking pgvector is there."""

import asyncpg
from pgvector.asyncpg import register_vector

from services.executor.vectors import store
from shared.db.pool import init_connection
from shared.errors import VectorStoreError
from shared.secrets import mask_dsn


async def _init(conn: asyncpg.Connection) -> None:
    await init_connection(conn)
    await register_vector(conn)


async def prepare_vector_db(dsn: str) -> None:
    """Installs pgvector when it is missing; a clear error when the server cannot."""
    try:
        conn = await asyncpg.connect(dsn)
    except (OSError, asyncpg.PostgresError) as exc:
        raise VectorStoreError(f"无法连接向量数据库 {mask_dsn(dsn)}: {exc}") from exc
    try:
        if not await store.vector_installed(conn):
            await store.install_vector(conn)
    except asyncpg.PostgresError as exc:
        raise VectorStoreError(
            f"向量数据库 {mask_dsn(dsn)} 没有可用的 pgvector (vector) 扩展: {exc}"
        ) from exc
    finally:
        await conn.close()


async def open_vector_pool(dsn: str, *, ensure_tables: bool = True) -> asyncpg.Pool:
    """The codec needs the `vector` type to exist, hence prepare first, then the pool; the
    tables are made here too unless the caller makes them once it holds the store's lock
    (lock.py): a restore holds the tables, and touching them first would wait for it."""
    await prepare_vector_db(dsn)
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2, init=_init)
    if ensure_tables:
        async with pool.acquire() as conn:
            await store.ensure_schema(conn)
    return pool
