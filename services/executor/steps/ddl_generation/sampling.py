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
    one non-null column, which says whose it is. Per column: most frequent first, then value."""
    cols = ", ".join(names)
    which = f"array_position(ARRAY[{', '.join(f'{n} IS NOT NULL' for n in names)}], true)"
    sets = ", ".join(f"({n})" for n in names)
    return (
        f"SELECT * FROM (SELECT g.*, row_number() OVER (PARTITION BY {which} "
        f"ORDER BY dp_count DESC, {cols}) AS dp_rank FROM (SELECT {cols}, count(*) AS dp_count "
        f"FROM (SELECT {cols} FROM {source_name(table)} LIMIT {int(scan_rows)}) s "
        f"GROUP BY GROUPING SETS ({sets})) g WHERE num_nonnulls({cols}) = 1) x "
        f"WHERE dp_rank <= {int(limit)} ORDER BY {which}, dp_rank"
    )


async def value_counts(
    conn: asyncpg.Connection, table: TableInfo, columns: list[str], *, scan_rows: int, limit: int
) -> dict[str, list[tuple[Any, int]]]:
    """Per column: its non-null values over the same first `scan_rows` rows, most frequent
    first, at most `limit` of them; all columns in one query."""
    if not columns:
        return {}
    sql = _counts_sql(table, [_quoted(c) for c in columns], scan_rows, limit)
    counts: dict[str, list[tuple[Any, int]]] = {c: [] for c in columns}
    for row in await conn.fetch(sql):
        i = next(i for i, value in enumerate(row[: len(columns)]) if value is not None)
        counts[columns[i]].append((row[i], row[len(columns)]))
    return counts
