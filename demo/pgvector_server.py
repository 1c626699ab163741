"""A PostgreSQL with pgvector for machines whose own server lacks it (embedded pgserver)."""

import asyncio
import warnings
from pathlib import Path
from typing import Any

import asyncpg

from shared.errors import VectorStoreError
from shared.secrets import mask_dsn

EMBEDDED_DATABASE = "postgres"


def _pgserver() -> Any:
    # platformdirs warns at import when XDG_RUNTIME_DIR is unset; that is not our concern.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        return pgserver


def start_embedded_server(data_dir: Path) -> str:
    """Starts (or reuses) the server for `data_dir`; blocking: call it via asyncio.to_thread.

    As root, pgserver runs postgres as a system user `pgserver` (created if missing) and opens
    the directories above `data_dir` for traversal. The server listens on a unix socket only
    (in `data_dir`, or a short runtime dir when that path is too long) and stops when the
    last process that started it exits (or on `stop_embedded_server`)."""
    data_dir = data_dir.expanduser().resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = _pgserver().get_server(data_dir, cleanup_mode="stop")
    uri: str = server.get_uri(EMBEDDED_DATABASE)
    return uri


def stop_embedded_server(data_dir: Path) -> None:
    """Stops the server this process started for `data_dir` (no-op if none); blocking."""
    instances = _pgserver().PostgresServer._instances
    server = instances.get(data_dir.expanduser().resolve())
    if server is not None:
        server.cleanup()


async def enable_vector(dsn: str) -> bool:
    """True when the `vector` extension is (or could now be made) installed in that database."""
    conn = await asyncpg.connect(dsn)
    try:
        available = await conn.fetchval(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'"
        )
        if not available:
            return False
        await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        return True
    except asyncpg.PostgresError:
        return False
    finally:
        await conn.close()


async def ensure_vector_database(dsn: str | None, data_dir: Path) -> str:
    """A DSN whose database has `vector` ready: `dsn` if its server has pgvector, else the
    embedded server in `data_dir` (started on demand)."""
    if dsn and await enable_vector(dsn):
        return dsn
    embedded = await asyncio.to_thread(start_embedded_server, data_dir)
    if not await enable_vector(embedded):
        raise VectorStoreError(f"内置 pgvector 服务无法启用 vector 扩展: {mask_dsn(embedded)}")
    return embedded
