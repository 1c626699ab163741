"""Queries on business tables, over the step's read-only session (connection.py): a 20-row
sample and bounded value counts."""

from typing import Any

import asyncpg

from services.executor.steps.ddl_generation.sqltext import quote_ident
from services.executor.table_info import TableInfo

SAMPLE_ROWS = 20
LARGE_TABLE_ROWS = 1_000_000
# Block sampling reads whole pages, so ask for ten times the rows we keep.
_OVERSAMPLE = 10
_SAMPLEABLE_KINDS = frozenset({"r", "m", "p"})  # TABLESAMPLE needs real storage
_COLUMNS_PER_QUERY = 500  # two result columns each: within PostgreSQL's 1,664 target entries


def source_name(table: TableInfo) -> str:
    return f"{quote_ident(table.schema)}.{quote_ident(table.name)}"


def sample_percent(estimated_rows: int) -> float:
    return min(100.0, SAMPLE_ROWS * _OVERSAMPLE * 100.0 / max(estimated_rows, 1))


async def sample_rows(conn: asyncpg.Connection, table: TableInfo) -> list[dict[str, Any]]:
    """`LIMIT 20`; on large tables a TABLESAMPLE first, falling back when it comes back short."""
    source = source_name(table)
    if table.estimated_rows > LARGE_TABLE_ROWS and table.kind in _SAMPLEABLE_KINDS:
        rows = await conn.fetch(
            f"SELECT * FROM {source} TABLESAMPLE SYSTEM ($1) LIMIT {SAMPLE_ROWS}",
            sample_percent(table.estimated_rows),
        )
        if len(rows) >= SAMPLE_ROWS:
            return [dict(row) for row in rows]
    rows = await conn.fetch(f"SELECT * FROM {source} LIMIT {SAMPLE_ROWS}")
    return [dict(row) for row in rows]


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'  # always quoted: `select`, `order` are columns too


def _counts_sql(table: TableInfo, names: list[str], scan_rows: int, limit: int) -> str:
    """One scan for all columns: a grouping set per column; each non-null group has exactly
    one non-null column, which says whose it is. Per column: most frequent first, then value,
    as two arrays (values, counts) in one row: no row per value to send and decode."""
    cols = ", ".join(names)
    which = f"array_position(ARRAY[{', '.join(f'{n} IS NOT NULL' for n in names)}], true)"
    sets = ", ".join(f"({n})" for n in names)
    arrays = ", ".join(
        f"array_agg({n} ORDER BY dp_rank) FILTER (WHERE dp_which = {i}), "
        f"array_agg(dp_count ORDER BY dp_rank) FILTER (WHERE dp_which = {i})"
        for i, n in enumerate(names, start=1)
    )
    return (
        f"SELECT {arrays} FROM (SELECT g.*, {which} AS dp_which, row_number() OVER "
        f"(PARTITION BY {which} ORDER BY dp_count DESC, {cols}) AS dp_rank FROM (SELECT {cols}, "
        f"count(*) AS dp_count FROM (SELECT {cols} FROM {source_name(table)} "
        f"LIMIT {int(scan_rows)}) s GROUP BY GROUPING SETS ({sets})) g "
        f"WHERE num_nonnulls({cols}) = 1) x WHERE dp_rank <= {int(limit)}"
    )


async def value_counts(
    conn: asyncpg.Connection, table: TableInfo, columns: list[str], *, scan_rows: int, limit: int
) -> dict[str, list[tuple[Any, int]]]:
    """Per column: its non-null values over the same first `scan_rows` rows, most frequent
    first, at most `limit` of them; all columns in one query."""
    counts: dict[str, list[tuple[Any, int]]] = {}
    for start in range(0, len(columns), _COLUMNS_PER_QUERY):
        chunk = columns[start : start + _COLUMNS_PER_QUERY]
        sql = _counts_sql(table, [_quoted(c) for c in chunk], scan_rows, limit)
        row = await conn.fetchrow(sql)
        assert row is not None  # an aggregate without GROUP BY gives one row
        for i, column in enumerate(chunk):
            counts[column] = list(zip(row[2 * i] or [], row[2 * i + 1] or [], strict=True))
    return counts
