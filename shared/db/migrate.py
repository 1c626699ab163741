"""Applies the SQL files in migrations/ once each, in order, under an advisory lock."""

import logging
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pool.py opens pools through apply_migrations
    from shared.db.pool import TxConn

log = logging.getLogger(__name__)
_LOCK_KEY = 0x44505F4D  # "DP_M": serialises services migrating at the same time


def _migrations() -> list[tuple[str, str]]:
    files = resources.files("shared.db").joinpath("migrations").iterdir()
    return sorted((f.name, f.read_text("utf-8")) for f in files if f.name.endswith(".sql"))


async def apply_migrations(conn: "TxConn") -> list[str]:
    """Returns the migrations applied now (empty when up to date). Takes one connection: the
    advisory lock belongs to the session."""
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1)", _LOCK_KEY)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS data_pipeline_schema_migrations ("
            " name TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT now())"
        )
        done = {
            r["name"] for r in await conn.fetch("SELECT name FROM data_pipeline_schema_migrations")
        }
        for name, sql in _migrations():
            if name in done:
                continue
            async with conn.transaction():
                await conn.execute(sql)
                await conn.execute(
                    "INSERT INTO data_pipeline_schema_migrations(name) VALUES ($1)", name
                )
            applied.append(name)
            log.info("applied migration %s", name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)
    return applied
