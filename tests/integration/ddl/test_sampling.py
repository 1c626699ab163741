"""Sampling and counting stay read-only and bounded, large tables included."""

from collections.abc import AsyncIterator
from dataclasses import replace

import asyncpg
import pytest

from services.executor.introspection import introspect
from services.executor.source_db import SourceDb
from services.executor.steps.ddl_generation import sampling
from services.executor.steps.ddl_generation.connection import connect_read_only
from services.executor.table_info import TableInfo
from shared.config import Settings
from shared.table_list import TableName


async def car_day_count(conn: asyncpg.Connection) -> TableInfo:
    catalog = await introspect(conn, [TableName("public", "bss_car_day_count")])
    return catalog.tables[TableName("public", "bss_car_day_count")]


@pytest.fixture
async def business_conn(business_db_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(business_db_url)
    try:
        yield conn
    finally:
        await conn.close()


async def test_the_row_estimate_comes_from_the_catalog(business_conn: asyncpg.Connection) -> None:
    table = await car_day_count(business_conn)
    exact = await business_conn.fetchval("SELECT count(*) FROM bss_car_day_count")
    assert table.estimated_rows == exact  # the sample DB is analyzed after loading


async def test_a_small_table_gives_twenty_rows(business_conn: asyncpg.Connection) -> None:
    rows = await sampling.sample_rows(business_conn, await car_day_count(business_conn))
    assert len(rows) == sampling.SAMPLE_ROWS


async def test_a_large_table_is_block_sampled_with_a_fallback(
    business_conn: asyncpg.Connection,
) -> None:
    """Pretending the table is huge makes TABLESAMPLE read almost nothing; the fallback fills in."""
    table = replace(await car_day_count(business_conn), estimated_rows=50_000_000)
    rows = await sampling.sample_rows(business_conn, table)
    assert len(rows) == sampling.SAMPLE_ROWS


def test_sample_percent_is_bounded() -> None:
    assert (sampling.sample_percent(2_000_000), sampling.sample_percent(10)) == (0.01, 100.0)


async def test_the_step_session_is_read_only_and_time_bounded(
    business_db_url: str, settings: Settings
) -> None:
    conn = await connect_read_only(SourceDb.plain(business_db_url, settings.database_policy()))
    try:
        with pytest.raises(asyncpg.ReadOnlySQLTransactionError):
            await conn.fetch("CREATE TABLE dp_should_not_exist (a int)")
        assert await conn.fetchval("SHOW statement_timeout") == "30s"
    finally:
        await conn.close()


async def test_value_counts_are_most_frequent_first_and_bounded(
    business_conn: asyncpg.Connection,
) -> None:
    table = await car_day_count(business_conn)
    found = await sampling.value_counts(business_conn, table, ["car_type"], scan_rows=1000, limit=3)
    counts = found["car_type"]
    assert 0 < len(counts) <= 3
    assert [n for _, n in counts] == sorted((n for _, n in counts), reverse=True)
    assert sum(n for _, n in counts) <= 1000


async def one_column_counts(conn, table, column, scan_rows, limit):
    """The plain query per column: the reference the one-scan query must match."""
    name = f'"{column}"'
    sql = (
        f"SELECT {name} AS value, count(*) AS n FROM "
        f"(SELECT {name} FROM {sampling.source_name(table)} LIMIT {scan_rows}) s "
        f"WHERE {name} IS NOT NULL GROUP BY {name} ORDER BY n DESC, {name} LIMIT {limit}"
    )
    return [(r["value"], r["n"]) for r in await conn.fetch(sql)]


@pytest.mark.parametrize(("scan_rows", "limit"), [(100_000, 21), (50, 3)])
async def test_one_scan_counts_each_column_as_its_own_query_would(
    business_conn: asyncpg.Connection, scan_rows: int, limit: int
) -> None:
    table = await car_day_count(business_conn)
    columns = [c.name for c in table.columns]  # text, dates, numbers, ids: every kind at once
    found = await sampling.value_counts(
        business_conn, table, columns, scan_rows=scan_rows, limit=limit
    )
    for column in columns:
        expected = await one_column_counts(business_conn, table, column, scan_rows, limit)
        assert found[column] == expected, column


async def test_many_columns_are_counted_in_chunks_with_the_same_result(
    business_conn: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL caps a query's result columns: wide tables are counted a chunk at a time."""
    table = await car_day_count(business_conn)
    columns = [c.name for c in table.columns]
    whole = await sampling.value_counts(business_conn, table, columns, scan_rows=500, limit=5)
    monkeypatch.setattr(sampling, "_COLUMNS_PER_QUERY", 2)
    chunked = await sampling.value_counts(business_conn, table, columns, scan_rows=500, limit=5)
    assert len(columns) > 2
    assert chunked == whole
