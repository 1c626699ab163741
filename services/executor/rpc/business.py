"""The business DB a console read reaches (allow-listed like a step's), and one read-only
session on it; a failure to connect is the console's 502, not a step failure."""

import contextlib
from collections.abc import AsyncIterator

import asyncpg

from services.executor.deps import Deps
from services.executor.source_db import SourceDb
from services.executor.steps.ddl_generation.connection import connect_read_only
from shared.console_payloads import BusinessDbRef
from shared.errors import BusinessDbUnavailable, StepFailed


def source_for(deps: Deps, ref: BusinessDbRef) -> SourceDb:
    """The sealed connection of the request, else the configured default business DB."""
    sealed = ref.sealed_connection
    if sealed:
        return SourceDb(ref.db_connection or "", deps.policy, lambda: deps.box.open(sealed))
    if deps.settings.business_database_url is None:
        raise BusinessDbUnavailable("未配置默认业务数据库（DP_BUSINESS_DATABASE_URL）")
    return SourceDb.plain(deps.settings.business_database_url.get_secret_value(), deps.policy)


@contextlib.asynccontextmanager
async def session(source: SourceDb) -> AsyncIterator[asyncpg.Connection]:
    try:
        conn = await connect_read_only(source)
    except StepFailed as exc:
        raise BusinessDbUnavailable(exc.message) from None
    try:
        yield conn
    finally:
        await conn.close()
