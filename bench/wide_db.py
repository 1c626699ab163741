"""A wide business DB: N tables of ~15 typed, mostly commented columns, FKs between neighbours,
a 12-value code column and 2,000-5,000 rows per table. Built once per size and kept
(dp_bench_wide_<N>): the marker comment on the database says it is complete."""

import asyncpg

from bench.env import admin_execute, with_database

MARKER = "dp_bench wide v1"
COLUMNS = [  # name, type, generator over i (the row number)
    ("code", "varchar(8)", "'C' || (i % 12)"),
    ("name", "varchar(64)", "'name ' || i"),
    ("amount", "numeric(12,2)", "(i * 7 % 10000) / 100.0"),
    ("quantity", "integer", "i % 977"),
    ("created_at", "timestamp", "timestamp '2024-01-01' + i * interval '17 minutes'"),
    ("day", "date", "date '2024-01-01' + (i % 365)"),
    ("active", "boolean", "i % 3 = 0"),
    ("note", "text", "CASE WHEN i % 5 = 0 THEN NULL ELSE 'note ' || (i % 101) END"),
    ("ratio", "double precision", "(i % 100) / 100.0"),
    ("region", "varchar(16)", "'region ' || (i % 31)"),
    ("score", "smallint", "i % 100"),
    ("ref_no", "varchar(32)", "'R' || lpad(i::text, 8, '0')"),
    ("updated_at", "timestamp", "timestamp '2024-06-01' + i * interval '1 hour'"),
]


def table_name(i: int) -> str:
    return f"wide_t{i:03d}"


def _create(i: int) -> list[str]:
    t = table_name(i)
    cols = ", ".join(f"{name} {kind}" for name, kind, _ in COLUMNS[: 9 + i % 5])
    fk = f", parent_id bigint REFERENCES {table_name(i - 1)}(id)" if i % 9 < 5 and i else ""
    sql = [f"CREATE TABLE {t} (id bigint PRIMARY KEY, {cols}{fk})"]
    sql.append(f"COMMENT ON TABLE {t} IS '业务表 {i}'")
    for name, _, _ in COLUMNS[: 9 + i % 5 : 1 + (i % 4 == 0)]:
        sql.append(f"COMMENT ON COLUMN {t}.{name} IS '字段 {name}'")
    return sql


def _fill(i: int, rows: int) -> str:
    columns = COLUMNS[: 9 + i % 5]
    names = ", ".join(name for name, _, _ in columns)
    values = ", ".join(expr for _, _, expr in columns)
    fk = (", parent_id", f", 1 + i % {min(rows, 100)}") if i % 9 < 5 and i else ("", "")
    return (
        f"INSERT INTO {table_name(i)} (id, {names}{fk[0]}) "
        f"SELECT i, {values}{fk[1]} FROM generate_series(1, {rows}) AS i"
    )


async def ensure(pg_url: str, tables: int, small: bool = False) -> str:
    """The database's URL; builds it unless a complete one of this size is there."""
    name = f"dp_bench_wide_{tables}{'_small' if small else ''}"
    url = with_database(pg_url, name)
    admin = await asyncpg.connect(pg_url)
    try:
        found = await admin.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
            name,
        )
    finally:
        await admin.close()
    if found != MARKER:
        await admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin_execute(pg_url, f'CREATE DATABASE "{name}"')
        await _build(url, tables, small)
        await admin_execute(pg_url, f"COMMENT ON DATABASE \"{name}\" IS '{MARKER}'")
    return url


async def _build(url: str, tables: int, small: bool) -> None:
    conn = await asyncpg.connect(url)
    try:
        for i in range(tables):
            for statement in _create(i):
                await conn.execute(statement)
            await conn.execute(_fill(i, 50 if small else 2000 + (i * 613) % 3001))
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
