"""One read-only session on the business database for the whole step."""

import contextlib
from collections.abc import AsyncIterator

import asyncpg

from services.executor.context import StepContext
from shared.errors import StepFailed
from shared.secrets import mask_text

CONNECT_TIMEOUT_SECONDS = 15.0
COMMAND_TIMEOUT_SECONDS = 60.0
# Belt and braces: every transaction of this session is read-only unless it says otherwise.
_SESSION = {"default_transaction_read_only": "on", "application_name": "data_pipeline_ddl"}


async def _connect(dsn: str) -> asyncpg.Connection:
    if not dsn:
        raise StepFailed("未配置业务数据库连接 (db_connection)")
    try:
        return await asyncpg.connect(
            dsn,
            timeout=CONNECT_TIMEOUT_SECONDS,
            command_timeout=COMMAND_TIMEOUT_SECONDS,
            server_settings=_SESSION,
        )
    except (OSError, TimeoutError, ValueError, asyncpg.PostgresError) as exc:
        raise StepFailed(f"无法连接业务数据库: {mask_text(str(exc))}") from None


@contextlib.asynccontextmanager
async def business_connection(ctx: StepContext) -> AsyncIterator[asyncpg.Connection]:
    conn = await _connect(ctx.source_dsn)
    try:
        yield conn
    finally:
        await conn.close()
