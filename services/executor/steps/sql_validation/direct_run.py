"""EXPLAIN and the execution check in one statement: each SQL is run at once, as the execution
check runs it (`query_run.wrapped`, at most ROW_LIMIT rows). A run that succeeds proves the
EXPLAIN would have, so such a SQL is valid and already executed: one statement where the old
way sent an EXPLAIN and then a transaction of its own (BEGIN, SET LOCAL, query, COMMIT).

Only a SQL the wrapper cannot change goes this way: its text is the statement EXPLAIN would
see and its brackets are balanced outside literals and comments (no backslash, the one place
our masking and PostgreSQL's lexer could read a literal differently). Each worker keeps one
connection in a read-only transaction with the statement timeout set, renewed every BATCH
statements and after an error. A run that fails, and any SQL not sent, take the old path
(EXPLAIN with its retries); a failed run's error is kept as that SQL's execution result, so it
is not run twice."""

import re
import time
from collections.abc import Awaitable, Callable, Iterator

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from services.executor.query_run import STATEMENT_TIMEOUT_MS, QueryRun, failure, wrapped
from services.executor.steps.bounded import all_or_none
from services.executor.steps.sql_validation.records import Check, SqlRecord
from services.executor.steps.sql_validation.statements import InvalidStatement, mask, prepare
from services.executor.steps.sql_validation.validator import (
    CONNECTION_ERRORS,
    MAX_CONNECTIONS,
    Validator,
)

BATCH = 50  # statements per transaction: its locks are held until it ends
_BEGIN = f"BEGIN READ ONLY; SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"
_NOT_BRACKETS = re.compile(r"[^()]+")
Checked = Callable[[SqlRecord], Awaitable[None]]


def _balanced(code: str) -> bool:
    depth = 0
    for char in _NOT_BRACKETS.sub("", code):
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


def direct_statement(sql: str) -> str | None:
    """The statement to run for both checks at once, or None when only the old path is exact."""
    try:
        statement = prepare(sql)
    except InvalidStatement:
        return None
    if "\\" in statement or wrapped(statement) != wrapped(sql):
        return None
    return statement if _balanced(mask(statement)) else None


async def _run(conn: PoolConnectionProxy, record: SqlRecord, statement: str) -> bool:
    """True when it ran; else its error is kept and the transaction renewed."""
    started = time.monotonic()
    try:
        rows = await conn.fetch(wrapped(statement))
    except CONNECTION_ERRORS:
        raise  # some are PostgresError subclasses: the old path retries them
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        record.early_run = QueryRun(0, time.monotonic() - started, failure(exc))
        await conn.execute(f"ROLLBACK; {_BEGIN}")
        return False
    elapsed = time.monotonic() - started
    record.apply(Check(True, None, elapsed))
    record.early_run = QueryRun(len(rows), elapsed)
    return True


async def _session(
    conn: PoolConnectionProxy, pending: Iterator[tuple[SqlRecord, str]], checked: Checked
) -> None:
    await conn.execute(_BEGIN)
    sent = 0
    for record, statement in pending:
        if sent == BATCH:
            await conn.execute(f"COMMIT; {_BEGIN}")
            sent = 0
        sent += 1
        if await _run(conn, record, statement):
            await checked(record)
        else:
            sent = 0


async def _worker(
    validator: Validator, pending: Iterator[tuple[SqlRecord, str]], checked: Checked
) -> None:
    try:
        async with validator.connection() as conn:
            try:
                await _session(conn, pending, checked)
            finally:
                if conn.is_in_transaction():
                    await conn.execute("ROLLBACK")
    except CONNECTION_ERRORS:
        return  # what this worker did not run takes the old path, with its retries


async def run_directly(
    validator: Validator, records: list[SqlRecord], checked: Checked
) -> list[SqlRecord]:
    """Runs what can go this way (calling `checked` for each valid one); returns the records
    left for the old path, in their order."""
    direct = ((r, s) for r in records if (s := direct_statement(r.sql)) is not None)
    workers = min(MAX_CONNECTIONS, len(records))
    await all_or_none(_worker(validator, direct, checked) for _ in range(workers))
    return [r for r in records if r.early_run is None or r.early_run.error is not None]
