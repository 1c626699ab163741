"""ensure_vector_database: the given server when it has pgvector, else the embedded one."""

import asyncio
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from demo.pgvector_server import ensure_vector_database, stop_embedded_server
from tests.helpers.databases import server_has_vector


async def vector_version(dsn: str) -> str | None:
    conn = await asyncpg.connect(dsn)
    try:
        version: str | None = await conn.fetchval(
            "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
        )
        return version
    finally:
        await conn.close()


@pytest.fixture
async def data_dir() -> AsyncIterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="dp_pgvector_t_"))
    yield root / "data"
    await asyncio.to_thread(stop_embedded_server, root / "data")
    await asyncio.to_thread(shutil.rmtree, root, True)


async def test_a_server_with_pgvector_is_used_as_given(vector_db_url, data_dir):
    assert await ensure_vector_database(vector_db_url, data_dir) == vector_db_url
    assert not data_dir.exists()


async def test_without_pgvector_the_embedded_server_is_started(pg_server_url, data_dir):
    if await server_has_vector(pg_server_url):
        pytest.skip("this PostgreSQL has pgvector")
    dsn = await ensure_vector_database(pg_server_url, data_dir)
    assert dsn != pg_server_url
    assert await vector_version(dsn)
    assert (data_dir / "PG_VERSION").exists()


async def test_a_second_call_reuses_the_running_embedded_server(data_dir):
    first = await ensure_vector_database(None, data_dir)
    assert await ensure_vector_database(None, data_dir) == first
