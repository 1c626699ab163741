"""Hand-built catalog facts for rendering tests."""

import re
from typing import Any

from services.executor.table_info import ColumnInfo, TableInfo

# format_type() spelling -> (pg_type.typname, pg_type.typcategory)
_TYPES = {
    "character varying": ("varchar", "S"),
    "character": ("bpchar", "S"),
    "text": ("text", "S"),
    "integer": ("int4", "N"),
    "smallint": ("int2", "N"),
    "bigint": ("int8", "N"),
    "numeric": ("numeric", "N"),
    "timestamp without time zone": ("timestamp", "D"),
    "timestamp with time zone": ("timestamptz", "D"),
    "date": ("date", "D"),
    "uuid": ("uuid", "U"),
    "jsonb": ("jsonb", "U"),
    "json": ("json", "U"),
    "boolean": ("bool", "B"),
}


def col(name: str, type_: str = "character varying(32)", **fields: Any) -> ColumnInfo:
    base = re.sub(r"\(\d+(,\d+)?\)", "", type_).removesuffix("[]")
    type_name, category = _TYPES.get(base, (base, "U"))
    return ColumnInfo(name=name, type=type_, type_name=type_name, type_category=category, **fields)


def table(name: str, *columns: ColumnInfo, schema: str = "public", **fields: Any) -> TableInfo:
    pk = tuple(c.name for c in columns if c.primary_key)
    return TableInfo(schema=schema, name=name, kind="r", columns=columns, primary_key=pk, **fields)
