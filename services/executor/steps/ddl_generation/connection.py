"""One read-only session on the business database for the whole step."""

import contextlib
from collections.abc import AsyncIterator

import asyncpg

from services.executor.context import StepContext
from services.executor.source_db import CONNECT_ERRORS, SourceDb, connect_failure

CONNECT_TIMEOUT_SECONDS = 15.0
COMMAND_TIMEOUT_SECONDS = 60.0
# Belt and braces: every transaction of this session is read-only unless it says otherwise.
_SESSION = {"default_transaction_read_only": "on", "application_name": "data_pipeline_ddl"}


async def _connect(source: SourceDb) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(
            **source.connect_kwargs(),
            timeout=CONNECT_TIMEOUT_SECONDS,
            command_timeout=COMMAND_TIMEOUT_SECONDS,
            server_settings=_SESSION,
        )
    except CONNECT_ERRORS as exc:
        raise connect_failure(exc) from None


@contextlib.asynccontextmanager
async def business_connection(ctx: StepContext) -> AsyncIterator[asyncpg.Connection]:
    conn = await _connect(ctx.source)
    try:
        yield conn
    finally:
        await conn.close()
