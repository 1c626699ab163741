"""One pair's verdict, as sql_validation gives it (EXPLAIN in a read-only transaction with a
timeout), plus the row count of a read-only test run of the query."""

from dataclasses import dataclass

import asyncpg

from services.executor.source_db import SourceDb
from services.executor.steps.sql_validation.statements import InvalidStatement, prepare
from services.executor.steps.sql_validation.validator import Validator, source_pool
from shared.errors import BusinessDbUnavailable, StepFailed

COUNT_TIMEOUT_MS = 5_000


@dataclass(frozen=True)
class Verdict:
    valid: bool
    error: str | None
    row_count: int | None  # None: invalid, or counting took longer than COUNT_TIMEOUT_MS


async def _count(pool: asyncpg.Pool, statement: str) -> int | None:
    async with pool.acquire() as conn, conn.transaction(readonly=True):
        await conn.execute(f"SET LOCAL statement_timeout = {COUNT_TIMEOUT_MS}")
        try:
            return int(await conn.fetchval(f"SELECT count(*) FROM ({statement}) AS pair_query"))
        except asyncpg.QueryCanceledError:
            return None


async def check(source: SourceDb, sql: str) -> Verdict:
    try:
        async with source_pool(source) as pool:
            async with Validator(pool) as validator:  # gives its connections back on leaving
                result = await validator.check(sql)
            if not result.valid:
                return Verdict(False, result.error, None)
            try:
                return Verdict(True, None, await _count(pool, prepare(sql)))
            except (InvalidStatement, asyncpg.PostgresError):  # planned, but not countable
                return Verdict(True, None, None)
    except StepFailed as exc:
        raise BusinessDbUnavailable(exc.message) from None
