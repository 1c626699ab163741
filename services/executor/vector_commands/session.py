"""The vector store for one command: a small pool, refused if it is a business database."""

import contextlib
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import asyncpg

from services.executor.vectors.connection import open_vector_pool
from shared.config import Settings
from shared.errors import VectorStoreError


def _identity(dsn: str) -> tuple[str, int, str]:
    """(host, port, database) a DSN points at; a unix-socket host comes from ?host=."""
    parts = urlsplit(dsn)
    host = parts.hostname or parse_qs(parts.query).get("host", [""])[0] or "localhost"
    host = "127.0.0.1" if host == "localhost" else host
    return host, parts.port or 5432, parts.path.lstrip("/") or (parts.username or "")


def refuse_business_db(settings: Settings) -> None:
    """Restores and truncates write to the vector DB: it must never be a business database."""
    if settings.business_database_url is None:
        return
    vector = _identity(settings.vector_url.get_secret_value())
    if vector == _identity(settings.business_database_url.get_secret_value()):
        raise VectorStoreError("向量数据库与业务数据库相同，拒绝执行向量库操作")


@contextlib.asynccontextmanager
async def vector_store(settings: Settings) -> AsyncIterator[asyncpg.Pool]:
    refuse_business_db(settings)
    # Tables are made under the lock (lock.py); reads cope with a store that has none yet.
    pool = await open_vector_pool(settings.vector_url.get_secret_value(), ensure_tables=False)
    try:
        yield pool
    finally:
        await pool.close()
