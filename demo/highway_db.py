"""Builds the sample business database `highway_db`, idempotently: `python -m demo.highway_db`."""

import argparse
import asyncio
import hashlib
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import asyncpg

from demo.sample_db import database, schema
from demo.sample_db.ddl import TableDef, load_tables
from demo.sample_db.generate import generate

DDL_DIR = Path(__file__).resolve().parent / "highway_db"
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/highway_db"
# Bump when the generator changes: a different fingerprint makes the next build reload.
GENERATOR_VERSION = 1


@dataclass
class BuildReport:
    database: str
    rows: dict[str, int] = field(default_factory=dict)
    built: bool = False
    seconds: float = 0.0


async def build(
    dsn: str, *, create_database: bool = False, days: int = 90, seed: int = 7
) -> BuildReport:
    """Builds the sample DB unless it already holds today's data for these inputs."""
    started = time.monotonic()
    if create_database:
        await database.ensure_database(dsn)
    tables = await asyncio.to_thread(load_tables, DDL_DIR)
    marker = _marker(tables, days, seed, date.today())
    conn = await asyncpg.connect(dsn)
    try:
        # Several test sessions may build the same database at once: one builds, the others wait.
        await conn.execute("SELECT pg_advisory_lock($1)", database.BUILD_LOCK_KEY)
        built = not await _is_current(conn, tables, marker)
        if built:
            await _rebuild(conn, tables, marker, days, seed)
        rows = await database.row_counts(conn, tables)
    finally:
        await conn.close()
    return BuildReport(database.database_name(dsn), rows, built, time.monotonic() - started)


def _marker(tables: list[TableDef], days: int, seed: int, today: date) -> str:
    # Today is part of it: the data always ends today, so questions like 最近7天 find rows.
    digest = hashlib.sha256(repr((tables, GENERATOR_VERSION, days, seed)).encode()).hexdigest()
    return f"data-pipeline sample highway_db {digest[:16]} {today.isoformat()}"


async def _is_current(conn: asyncpg.Connection, tables: list[TableDef], marker: str) -> bool:
    if await database.read_marker(conn) != marker:
        return False
    return await database.tables_present(conn, tables)


async def _rebuild(
    conn: asyncpg.Connection, tables: list[TableDef], marker: str, days: int, seed: int
) -> None:
    # One transaction: readers see the old data or the new, never a half-loaded database.
    rows = await asyncio.to_thread(generate, seed, days, date.today())
    schema_name = tables[0].schema
    async with conn.transaction():
        for table in tables:
            await conn.execute(schema.drop_table(table))
            await conn.execute(schema.create_table(table))
            for statement in schema.comments(table):
                await conn.execute(statement)
        for table_rows in rows:
            await database.copy_rows(conn, schema_name, table_rows)
        for statement in schema.foreign_keys(schema_name, schema.FOREIGN_KEYS):
            await conn.execute(statement)
        await database.write_marker(conn, marker)
    # Fresh planner statistics: introspection reads estimated row counts from pg_class.
    await conn.execute("ANALYZE " + ", ".join(schema.qualified(t) for t in tables))


def _print_report(report: BuildReport) -> None:
    action = "已构建" if report.built else "已是最新，跳过"
    print(f"示例业务库 {report.database}: {action} ({report.seconds:.1f}s)")
    for table, count in report.rows.items():
        print(f"  {table}: {count} 行")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="构建示例业务库 highway_db")
    parser.add_argument(
        "--dsn", default=None, help="默认: DP_BUSINESS_DATABASE_URL 或本机 highway_db"
    )
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    dsn = args.dsn or _default_dsn()
    _print_report(asyncio.run(build(dsn, create_database=True, days=args.days, seed=args.seed)))


def _default_dsn() -> str:
    from shared.config import Settings

    configured = Settings().business_database_url
    return configured.get_secret_value() if configured else DEFAULT_DSN


if __name__ == "__main__":
    main()
