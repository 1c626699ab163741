"""Enum columns, confirmed by counting: ≤ 20 distinct values that really repeat."""

import re
from dataclasses import replace
from typing import Any

import asyncpg

from services.executor.steps.ddl_generation import sampling
from services.executor.steps.ddl_generation.literals import as_text
from services.executor.table_info import ColumnInfo, TableInfo

MAX_ENUM_VALUES = 20
SCAN_ROWS = 100_000
_SMALL_INTEGERS = frozenset({"int2", "int4"})
# Audit columns repeat a handful of values (admin, version 1) without being categories.
_AUDIT_COLUMNS = frozenset(
    {"version", "created_by", "create_by", "updated_by", "update_by", "deleted_by", "delete_by"}
)
# Integers are mostly measures (counts, amounts); only a categorising name makes them codes.
_CATEGORY_NAME = re.compile(
    r"type|state|status|kind|level|category|class|flag|mode|grade|gender|sex", re.IGNORECASE
)
_NAME_COLUMN = re.compile(r"(^|_)(name|title)$")
_CATEGORY_WORDS = ("类型", "状态", "类别", "级别", "标志", "方式", "模式", "性别", "等级", "分类")


def _has_category_hint(column: ColumnInfo) -> bool:
    comment = column.comment or ""
    return bool(_CATEGORY_NAME.search(column.name)) or any(w in comment for w in _CATEGORY_WORDS)


def _type_allows_enum(column: ColumnInfo) -> bool:
    if column.type_category in ("S", "E"):
        return True
    return column.type_name in _SMALL_INTEGERS and _has_category_hint(column)


def _id_like(column: ColumnInfo) -> bool:
    """Keys, audit columns and names: a few company names repeat, yet name, not classify."""
    name = column.name.lower()
    keyed = column.primary_key or column.foreign_key is not None
    named = bool(_NAME_COLUMN.search(name))
    return keyed or named or name == "id" or name.endswith("_id") or name in _AUDIT_COLUMNS


def is_candidate(column: ColumnInfo, samples: tuple[dict[str, Any], ...]) -> bool:
    """Worth a count: a category-like type, not a key, and values already repeat in the sample."""
    if _id_like(column) or not _type_allows_enum(column):
        return False
    values = [as_text(row[column.name]) for row in samples if row.get(column.name) is not None]
    return len(set(values)) < len(values)


def confirmed_values(counts: list[tuple[Any, int]]) -> tuple[str, ...]:
    """The values in frequency order if they make an enum, else nothing."""
    distinct = len(counts)
    repeated = sum(n for _, n in counts) > distinct
    if 2 <= distinct <= MAX_ENUM_VALUES and repeated:
        return tuple(as_text(value) for value, _ in counts)
    return ()


async def confirm_enums(conn: asyncpg.Connection, table: TableInfo) -> TableInfo:
    """Counts every candidate column of the table in one scan (one query)."""
    names = [c.name for c in table.columns if is_candidate(c, table.samples)]
    counts = await sampling.value_counts(
        conn, table, names, scan_rows=SCAN_ROWS, limit=MAX_ENUM_VALUES + 1
    )
    columns = [
        replace(c, enum_values=confirmed_values(counts[c.name])) if c.name in counts else c
        for c in table.columns
    ]
    return replace(table, columns=tuple(columns))
