"""Batched pg_catalog queries against the business DB: tables, columns, keys, comments."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import asyncpg

from services.executor.table_info import ColumnInfo, EnumType, ForeignKey, TableInfo
from shared.table_list import TableName

# Tables, partitioned tables, views, materialized views and foreign tables all count as tables.
# An exact name wins over its lower-cased form (a list may spell an unquoted name in capitals).
_TABLES_SQL = """
SELECT DISTINCT ON (r.ord) r.ord, c.oid, n.nspname, c.relname, c.relkind::text AS relkind,
       obj_description(c.oid, 'pg_class') AS comment,
       greatest(c.reltuples, 0)::bigint AS estimated_rows,
       has_table_privilege(c.oid, 'SELECT') AS can_select
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(schema_name, table_name, ord)
JOIN pg_namespace n ON n.nspname IN (r.schema_name, lower(r.schema_name))
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname IN (r.table_name, lower(r.table_name))
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
ORDER BY r.ord, (n.nspname = r.schema_name AND c.relname = r.table_name) DESC
"""

# Comments by attnum (col_description), never by ordinal position: dropped columns leave gaps.
_COLUMNS_SQL = """
SELECT a.attrelid AS oid, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
       t.typname::text AS type_name, t.typcategory::text AS type_category,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
       a.attgenerated::text AS generated, a.attidentity::text AS identity,
       a.atttypid AS type_oid, col_description(a.attrelid, a.attnum) AS comment
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
"""

_KEYS_SQL = """
SELECT con.conrelid AS oid, con.contype::text AS contype,
       pg_get_constraintdef(con.oid) AS definition,
       array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, i)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.i) AS columns,
       fn.nspname::text AS ref_schema, fc.relname::text AS ref_table,
       array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, i)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
             ORDER BY k.i) AS ref_columns
FROM pg_constraint con
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'f', 'u', 'c')
ORDER BY con.conrelid, con.contype DESC, con.conname
"""

_ENUM_TYPES_SQL = """
SELECT t.oid, n.nspname::text AS schema, t.typname::text AS name,
       array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.oid = ANY($1::oid[])
GROUP BY t.oid, n.nspname, t.typname
"""

# Words that cannot be column or table names without quotes (reserved, type/function names).
_RESERVED_SQL = "SELECT word FROM pg_get_keywords() WHERE catcode IN ('R', 'T')"


@dataclass
class Catalog:
    """Introspection of a requested table list: found tables in request order, the rest why not."""

    tables: dict[TableName, TableInfo] = field(default_factory=dict)
    missing: dict[TableName, str] = field(default_factory=dict)


async def introspect(conn: asyncpg.Connection, names: list[TableName]) -> Catalog:
    """Three catalog queries for the whole list, whatever its length."""
    rows = await conn.fetch(_TABLES_SQL, [n.schema for n in names], [n.table for n in names])
    by_ord = {row["ord"]: row for row in rows}
    catalog = Catalog()
    readable: list[tuple[TableName, Any]] = []
    for ordinal, name in enumerate(names, start=1):
        row = by_ord.get(ordinal)
        if row is None:
            catalog.missing[name] = "表不存在"
        elif not row["can_select"]:
            catalog.missing[name] = "没有 SELECT 权限"
        else:
            readable.append((name, row))
    oids = list({row["oid"] for _, row in readable})
    columns, keys = await _columns(conn, oids), await _keys(conn, oids)
    for name, row in readable:
        catalog.tables[name] = _table(row, columns[row["oid"]], keys[row["oid"]])
    return catalog


async def reserved_words(conn: asyncpg.Connection) -> frozenset[str]:
    return frozenset(row["word"] for row in await conn.fetch(_RESERVED_SQL))


async def _columns(conn: asyncpg.Connection, oids: list[int]) -> dict[int, list[ColumnInfo]]:
    by_table: dict[int, list[ColumnInfo]] = defaultdict(list)
    for row in await conn.fetch(_COLUMNS_SQL, oids):
        by_table[row["oid"]].append(
            ColumnInfo(
                name=row["name"],
                type=row["type"],
                type_name=row["type_name"],
                type_category=row["type_category"],
                not_null=row["not_null"],
                default=row["default_expr"],
                generated=row["generated"] == "s",
                identity=row["identity"],
                type_oid=row["type_oid"],
                comment=row["comment"],
            )
        )
    return await _with_enum_types(conn, by_table)


async def _with_enum_types(
    conn: asyncpg.Connection, by_table: dict[int, list[ColumnInfo]]
) -> dict[int, list[ColumnInfo]]:
    """One more query, only when some column has an enum type."""
    oids = list({c.type_oid for cs in by_table.values() for c in cs if c.type_category == "E"})
    if not oids:
        return by_table
    rows = await conn.fetch(_ENUM_TYPES_SQL, oids)
    types = {r["oid"]: EnumType(r["schema"], r["name"], tuple(r["labels"])) for r in rows}
    for columns in by_table.values():
        columns[:] = [replace(c, enum_type=types.get(c.type_oid)) for c in columns]
    return by_table


async def _keys(conn: asyncpg.Connection, oids: list[int]) -> dict[int, list[Any]]:
    by_table: dict[int, list[Any]] = defaultdict(list)
    for row in await conn.fetch(_KEYS_SQL, oids):
        by_table[row["oid"]].append(row)
    return by_table


def _table(row: Any, columns: list[ColumnInfo], keys: list[Any]) -> TableInfo:
    primary_key: tuple[str, ...] = ()
    references: dict[str, ForeignKey] = {}
    constraints: list[str] = []
    for key in keys:
        if key["contype"] == "p":
            primary_key = tuple(key["columns"])
        elif key["contype"] in ("u", "c"):
            constraints.append(key["definition"])
        else:
            for column, target in zip(key["columns"], key["ref_columns"], strict=True):
                references.setdefault(
                    column, ForeignKey(key["ref_schema"], key["ref_table"], target)
                )
    marked = [
        replace(c, primary_key=c.name in primary_key, foreign_key=references.get(c.name))
        for c in columns
    ]
    return TableInfo(
        schema=row["nspname"],
        name=row["relname"],
        kind=row["relkind"],
        comment=row["comment"],
        estimated_rows=row["estimated_rows"],
        columns=tuple(marked),
        primary_key=primary_key,
        constraints=tuple(constraints),
    )
