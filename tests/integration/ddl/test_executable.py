"""Every generated highway `.ddl` is SQL: it runs, and creates the columns of its source table."""

from collections.abc import AsyncIterator

import asyncpg
import pytest

from services.executor.introspection import introspect
from services.executor.table_info import TableInfo
from shared.table_list import TableName
from tests.integration.ddl.support import HIGHWAY_TABLES, StepRun

SCHEMA = "highway_exec"


@pytest.fixture
async def exec_conn(scratch_db_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(scratch_db_url)
    await conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
    try:
        yield conn
    finally:
        await conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        await conn.close()


def shape(table: TableInfo) -> tuple[object, ...]:
    columns = [(c.name, c.type, c.not_null, c.default) for c in table.columns]
    return (columns, table.primary_key)


async def tables_in(conn: asyncpg.Connection, schema: str) -> dict[str, TableInfo]:
    catalog = await introspect(conn, [TableName(schema, t) for t in HIGHWAY_TABLES])
    assert not catalog.missing
    return {name.table: info for name, info in catalog.tables.items()}


async def test_each_ddl_recreates_its_source_table(
    highway_run: StepRun, exec_conn: asyncpg.Connection, business_db_url: str
) -> None:
    for table in HIGHWAY_TABLES:
        ddl = highway_run.text(f"{table}.ddl")
        await exec_conn.execute(ddl.replace("create table public.", f"create table {SCHEMA}."))
    source_conn = await asyncpg.connect(business_db_url)
    try:
        source = await tables_in(source_conn, "public")
    finally:
        await source_conn.close()
    created = await tables_in(exec_conn, SCHEMA)
    assert {t: shape(created[t]) for t in HIGHWAY_TABLES} == {
        t: shape(source[t]) for t in HIGHWAY_TABLES
    }
