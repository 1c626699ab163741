"""Queries on business tables, over the step's read-only session (connection.py): a 20-row
sample and bounded value counts."""

from typing import Any

import asyncpg

from services.executor.introspection import TableInfo
from services.executor.steps.ddl_generation.sqltext import quote_ident

SAMPLE_ROWS = 20
LARGE_TABLE_ROWS = 1_000_000
# Block sampling reads whole pages, so ask for ten times the rows we keep.
_OVERSAMPLE = 10
_SAMPLEABLE_KINDS = frozenset({"r", "m", "p"})  # TABLESAMPLE needs real storage


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


async def value_counts(
    conn: asyncpg.Connection, table: TableInfo, column: str, *, scan_rows: int, limit: int
) -> list[tuple[Any, int]]:
    """Non-null values of a column over at most `scan_rows` rows, most frequent first."""
    name = '"' + column.replace('"', '""') + '"'  # always quoted: `select`, `order` are columns too
    sql = (
        f"SELECT {name} AS value, count(*) AS n FROM "
        f"(SELECT {name} FROM {source_name(table)} LIMIT {int(scan_rows)}) s "
        f"WHERE {name} IS NOT NULL GROUP BY {name} ORDER BY n DESC, {name} LIMIT {int(limit)}"
    )
    return [(row["value"], row["n"]) for row in await conn.fetch(sql)]
