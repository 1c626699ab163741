"""asyncpg pools with JSON codecs and UTC sessions, and the Conn protocol the data layer takes."""

import json
from typing import Any, Protocol

import asyncpg


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


# A connection that can open transactions: a plain one or one acquired from a pool.
TxConn = asyncpg.Connection | asyncpg.pool.PoolConnectionProxy


async def init_connection(conn: asyncpg.Connection) -> None:
    for type_name in ("json", "jsonb"):
        await conn.set_type_codec(
            type_name,
            encoder=lambda v: json.dumps(v, ensure_ascii=False, default=str),
            decoder=json.loads,
            schema="pg_catalog",
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
