"""Databases of a test run: private ones created and dropped, and a table held locked."""

import contextlib
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import asyncpg

RUN_ID = uuid.uuid4().hex[:8]
LOCKED_TABLE = "bss_company"


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


async def recreate_database(server_url: str, name: str) -> str:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return with_database(server_url, name)


async def drop_database(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def fresh_database(server_url: str, name: str) -> AsyncIterator[str]:
    """An empty database of this test run's own, dropped afterwards."""
    url = await recreate_database(server_url, name)
    try:
        yield url
    finally:
        await drop_database(server_url, name)


async def server_has_vector(server_url: str) -> bool:
    conn = await asyncpg.connect(server_url)
    try:
        return bool(
            await conn.fetchval(
                "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'"
            )
        )
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def table_locked(business_url: str) -> AsyncIterator[None]:
    """Holds ACCESS EXCLUSIVE on LOCKED_TABLE, so a step's sampling blocks until released."""
    conn = await asyncpg.connect(business_url)
    tx = conn.transaction()
    await tx.start()
    await conn.execute(f'LOCK TABLE public."{LOCKED_TABLE}" IN ACCESS EXCLUSIVE MODE')
    try:
        yield
    finally:
        await tx.rollback()
        await conn.close()


async def blocked_on_lock(business_url: str) -> bool:
    """True once a step waits on the lock `table_locked` holds."""
    # A separate connection: inside the locking transaction pg_stat_activity is a frozen snapshot.
    conn = await asyncpg.connect(business_url)
    try:
        waiting = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    finally:
        await conn.close()
    return bool(waiting > 0)
