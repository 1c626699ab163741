"""Joins without a foreign key, found by value overlap (service_no = service_area_no).

A code column (`*_no`, `*_code`, `*_key` ...) links to a code column of another table when
the other one is (nearly) unique there and >= 90 % of this one's distinct values occur in it.
Values come from bounded, read-only scans; nothing is written."""

import re
from dataclasses import replace

import asyncpg

from services.executor.steps.ddl_generation import sampling
from services.executor.steps.ddl_generation.key_matching import ColumnValues, ParentIndex
from services.executor.steps.ddl_generation.literals import as_text
from services.executor.steps.ddl_generation.sessions import Sessions
from services.executor.table_info import BusinessKey, ColumnInfo, TableInfo

KEY_NAME = re.compile(r"(^|_)(no|code|key|sn|num|number)$", re.IGNORECASE)
SCAN_ROWS = 10_000
MAX_VALUES = 1_000
_CATEGORIES = frozenset({"S", "N"})


def _candidates(table: TableInfo) -> list[ColumnInfo]:
    return [
        c
        for c in table.columns
        if KEY_NAME.search(c.name) and c.type_category in _CATEGORIES and not c.foreign_key
    ]


def _summary(
    table: TableInfo, column: ColumnInfo, counts: list[tuple[object, int]]
) -> ColumnValues:
    rows = sum(n for _, n in counts)
    distinct = frozenset(as_text(v) for v, _ in counts)
    return ColumnValues(table, column, distinct, len(distinct) / rows if rows else 0.0)


async def _values(conn: asyncpg.Connection, table: TableInfo) -> list[ColumnValues]:
    """The table's candidate columns, all counted in one scan."""
    columns = _candidates(table)
    counts = await sampling.value_counts(
        conn, table, [c.name for c in columns], scan_rows=SCAN_ROWS, limit=MAX_VALUES
    )
    return [_summary(table, c, counts[c.name]) for c in columns]


async def find_business_keys(
    sessions: Sessions, tables: list[TableInfo]
) -> dict[str, tuple[BusinessKey, ...]]:
    """Qualified table name -> the business keys of its columns."""
    values = [v for found in await sessions.all(tables, _values) for v in found]
    parents = ParentIndex(values)
    found: dict[str, list[BusinessKey]] = {}
    for child in values:
        if key := parents.best(child):
            found.setdefault(child.table.qualified, []).append(key)
    return {name: tuple(keys) for name, keys in found.items()}


def with_business_keys(table: TableInfo, keys: dict[str, tuple[BusinessKey, ...]]) -> TableInfo:
    return replace(table, business_keys=keys.get(table.qualified, ()))
