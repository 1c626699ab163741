"""Joins without a foreign key, found by value overlap (service_no = service_area_no).

A code column (`*_no`, `*_code`, `*_key` ...) links to a code column of another table when
the other one is (nearly) unique there and >= 90 % of this one's distinct values occur in it.
Values come from bounded, read-only scans; nothing is written."""

import re
from dataclasses import dataclass, replace

import asyncpg

from services.executor.steps.ddl_generation import sampling
from services.executor.steps.ddl_generation.literals import as_text
from services.executor.table_info import BusinessKey, ColumnInfo, ForeignKey, TableInfo

KEY_NAME = re.compile(r"(^|_)(no|code|key|sn|num|number)$", re.IGNORECASE)
SCAN_ROWS = 10_000
MAX_VALUES = 1_000
MIN_OVERLAP = 0.9
MIN_UNIQUE = 0.9  # distinct values per non-null row of the referenced column
_CATEGORIES = frozenset({"S", "N"})


@dataclass(frozen=True)
class _Values:
    table: TableInfo
    column: ColumnInfo
    distinct: frozenset[str]
    unique_share: float


def _candidates(table: TableInfo) -> list[ColumnInfo]:
    return [
        c
        for c in table.columns
        if KEY_NAME.search(c.name) and c.type_category in _CATEGORIES and not c.foreign_key
    ]


def _summary(table: TableInfo, column: ColumnInfo, counts: list[tuple[object, int]]) -> _Values:
    rows = sum(n for _, n in counts)
    distinct = frozenset(as_text(v) for v, _ in counts)
    return _Values(table, column, distinct, len(distinct) / rows if rows else 0.0)


async def _values(conn: asyncpg.Connection, table: TableInfo) -> list[_Values]:
    """The table's candidate columns, all counted in one scan."""
    columns = _candidates(table)
    counts = await sampling.value_counts(
        conn, table, [c.name for c in columns], scan_rows=SCAN_ROWS, limit=MAX_VALUES
    )
    return [_summary(table, c, counts[c.name]) for c in columns]


def _overlap(child: _Values, parent: _Values) -> float:
    if not child.distinct or child.table.qualified == parent.table.qualified:
        return 0.0
    if child.column.type_category != parent.column.type_category:
        return 0.0
    if parent.unique_share < MIN_UNIQUE or len(parent.distinct) < 2:
        return 0.0
    return len(child.distinct & parent.distinct) / len(child.distinct)


def _best(child: _Values, parents: list[_Values]) -> BusinessKey | None:
    scored = sorted(((_overlap(child, p), p) for p in parents), key=lambda s: -s[0])
    if not scored or scored[0][0] < MIN_OVERLAP:
        return None
    overlap, parent = scored[0]
    target = ForeignKey(parent.table.schema, parent.table.name, parent.column.name)
    return BusinessKey(child.column.name, target, round(overlap, 3))


async def find_business_keys(
    conn: asyncpg.Connection, tables: list[TableInfo]
) -> dict[str, tuple[BusinessKey, ...]]:
    """Qualified table name -> the business keys of its columns."""
    values = [v for t in tables for v in await _values(conn, t)]
    found: dict[str, list[BusinessKey]] = {}
    for child in values:
        if key := _best(child, values):
            found.setdefault(child.table.qualified, []).append(key)
    return {name: tuple(keys) for name, keys in found.items()}


def with_business_keys(table: TableInfo, keys: dict[str, tuple[BusinessKey, ...]]) -> TableInfo:
    return replace(table, business_keys=keys.get(table.qualified, ()))
