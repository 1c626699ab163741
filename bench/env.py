"""Where a bench run works: the servers it may use, and its own databases and temp root.

DP_BENCH_PG_URL (admin DSN), DP_BENCH_AMQP_URL, DP_BENCH_VECTOR_URL (a database with pgvector;
else an embedded pgserver is started). Everything the run creates is named dp_bench_<id>."""

import asyncio
import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from demo.pgvector_server import enable_vector, start_embedded_server, stop_embedded_server

PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
HIGHWAY_DB = "dp_bench_highway_db"


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


@dataclass(frozen=True)
class Env:
    pg_url: str
    amqp_url: str
    vector_url: str
    root: Path
    run_id: str
    smoke: bool

    def name(self, what: str) -> str:
        return f"dp_bench_{self.run_id}_{what}"

    async def highway_url(self) -> str:
        """The sample business DB (built once; the builder is idempotent)."""
        from demo.highway_db import build

        url = with_database(self.pg_url, HIGHWAY_DB)
        await build(url, create_database=True)
        return url


async def admin_execute(pg_url: str, *statements: str) -> None:
    conn = await asyncpg.connect(pg_url)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def fresh_database(env: Env, what: str) -> AsyncIterator[str]:
    name = env.name(what)
    await admin_execute(
        env.pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
    )
    try:
        yield with_database(env.pg_url, name)
    finally:
        await admin_execute(env.pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.asynccontextmanager
async def _vector_server(root: Path) -> AsyncIterator[str]:
    """A server with pgvector: DP_BENCH_VECTOR_URL, else an embedded one for this run."""
    if url := os.environ.get("DP_BENCH_VECTOR_URL"):
        yield url
        return
    data = root / "pgvector"
    url = await asyncio.to_thread(start_embedded_server, data)
    try:
        yield url
    finally:
        await asyncio.to_thread(stop_embedded_server, data)


@contextlib.asynccontextmanager
async def _vector_url(root: Path, name: str) -> AsyncIterator[str]:
    """A database of this run's own on the pgvector server, `vector` enabled."""
    async with _vector_server(root) as server:
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        await admin_execute(server, drop, f'CREATE DATABASE "{name}"')
        try:
            url = with_database(server, name)
            if not await enable_vector(url):
                raise RuntimeError("the vector server has no pgvector")
            yield url
        finally:
            await admin_execute(server, drop)


@contextlib.asynccontextmanager
async def open_env(smoke: bool) -> AsyncIterator[Env]:
    # Not under /tmp/pytest-*: pgserver opens the directories above its data dir to its user.
    root = Path(tempfile.mkdtemp(prefix="dp_bench_"))
    run_id = uuid.uuid4().hex[:8]
    try:
        async with _vector_url(root, f"dp_bench_{run_id}_vector") as vector_url:
            yield Env(
                pg_url=os.environ.get("DP_BENCH_PG_URL", PG_URL),
                amqp_url=os.environ.get("DP_BENCH_AMQP_URL", AMQP_URL),
                vector_url=vector_url,
                root=root,
                run_id=run_id,
                smoke=smoke,
            )
    finally:
        await asyncio.to_thread(shutil.rmtree, root, True)


async def public_tables(url: str) -> list[str]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await conn.close()
    return sorted(r["tablename"] for r in rows)
