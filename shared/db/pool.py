"""asyncpg pools with JSON codecs and UTC sessions, and the Conn protocol the data layer takes."""

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any, Protocol

import asyncpg

from shared.config import Settings
from shared.db.migrate import apply_migrations
from shared.transient import outlast


class Conn(Protocol):
    """What a repository function needs: a pool or a connection (inside a transaction)."""

    async def execute(self, query: str, *args: Any, timeout: float | None = None) -> str: ...
    async def executemany(
        self, command: str, args: Any, *, timeout: float | None = None
    ) -> None: ...
    async def fetch(
        self, query: str, *args: Any, timeout: float | None = None
    ) -> list[asyncpg.Record]: ...
    async def fetchrow(
        self, query: str, *args: Any, timeout: float | None = None
    ) -> asyncpg.Record | None: ...
    async def fetchval(
        self, query: str, *args: Any, column: int = 0, timeout: float | None = None
    ) -> Any: ...
    async def copy_records_to_table(
        self, table_name: str, *, records: Any, columns: Any = None, timeout: float | None = None
    ) -> str: ...


# A connection that can open transactions: a plain one or one acquired from a pool.
TxConn = asyncpg.Connection | asyncpg.pool.PoolConnectionProxy


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)  # built once, not per value


def _json_text(value: Any) -> str:
    return _ENCODER.encode(value)


def _jsonb_binary(value: Any) -> bytes:
    return b"\x01" + _json_text(value).encode()  # jsonb's binary form: version 1, then text


def _from_jsonb_binary(data: bytes) -> Any:
    return json.loads(data[1:])


async def init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("json", encoder=_json_text, decoder=json.loads, schema="pg_catalog")
    # Binary, so COPY (binary only in asyncpg) can write jsonb columns too.
    await conn.set_type_codec(
        "jsonb",
        encoder=_jsonb_binary,
        decoder=_from_jsonb_binary,
        schema="pg_catalog",
        format="binary",
    )


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    # Timestamps are stored as TIMESTAMP (seed columns) and always mean UTC.
    return await asyncpg.create_pool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        init=init_connection,
        server_settings={"timezone": "UTC", "application_name": "data_pipeline"},
    )


@contextlib.asynccontextmanager
async def open_app_pool(
    settings: Settings, *, max_size: int = 10, patient: bool = True
) -> AsyncIterator[asyncpg.Pool]:
    """How every service opens the app database: a pool, migrated, closed on exit. A database
    that is down or still starting is waited for (a service started during an outage comes up
    with it instead of crashing); `patient=False` fails at once (one-off commands)."""

    async def attempt() -> asyncpg.Pool:
        pool = await create_pool(settings.database_url.get_secret_value(), max_size=max_size)
        try:
            async with pool.acquire() as conn:
                await apply_migrations(conn)
        except BaseException:
            await pool.close()
            raise
        return pool

    pool = await (outlast(attempt, "opening the app database") if patient else attempt())
    try:
        yield pool
    finally:
        await pool.close()
