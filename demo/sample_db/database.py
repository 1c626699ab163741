"""Business-database plumbing for the builder: create the database, lock, marker, bulk load."""

from urllib.parse import urlsplit, urlunsplit

import asyncpg

from demo.sample_db.ddl import TableDef
from demo.sample_db.rows import TableRows
from demo.sample_db.schema import ident, literal

# pg_advisory_lock keys: one for CREATE DATABASE on the server, one per sample database build.
CREATE_LOCK_KEY = 0x44505F4342  # "DP_CB"
BUILD_LOCK_KEY = 0x44505F4842  # "DP_HB"


def database_name(dsn: str) -> str:
    name = urlsplit(dsn).path.lstrip("/")
    if not name:
        raise ValueError("the DSN names no database")
    return name


def server_dsn(dsn: str) -> str:
    """The same server's `postgres` database, for CREATE DATABASE."""
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))


async def ensure_database(dsn: str) -> None:
    """Creates the DSN's database if missing; concurrent callers serialise on a lock."""
    name = database_name(dsn)
    conn = await asyncpg.connect(server_dsn(dsn))
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", CREATE_LOCK_KEY)
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f"CREATE DATABASE {ident(name)}")
    finally:
        await conn.close()


async def read_marker(conn: asyncpg.Connection) -> str | None:
    marker: str | None = await conn.fetchval(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
        " WHERE datname = current_database()"
    )
    return marker


async def write_marker(conn: asyncpg.Connection, marker: str) -> None:
    name = await conn.fetchval("SELECT current_database()")
    await conn.execute(f"COMMENT ON DATABASE {ident(name)} IS {literal(marker)}")


async def tables_present(conn: asyncpg.Connection, tables: list[TableDef]) -> bool:
    names = [f"{ident(t.schema)}.{ident(t.name)}" for t in tables]
    found = await conn.fetchval("SELECT count(to_regclass(n)) FROM unnest($1::text[]) AS n", names)
    return bool(found == len(tables))


async def copy_rows(conn: asyncpg.Connection, schema: str, rows: TableRows) -> None:
    await conn.copy_records_to_table(
        rows.table, schema_name=schema, columns=list(rows.columns), records=rows.records
    )


async def row_counts(conn: asyncpg.Connection, tables: list[TableDef]) -> dict[str, int]:
    counts = {}
    for table in tables:
        # Our own small sample tables: an exact count is cheap here.
        query = f"SELECT count(*) FROM {ident(table.schema)}.{ident(table.name)}"
        counts[table.name] = int(await conn.fetchval(query))
    return counts
