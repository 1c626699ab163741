"""The business DB's relations for the table inspector: what a table list may name."""

from typing import Any

import asyncpg

KINDS = {"r": "table", "p": "partitioned", "v": "view", "m": "materialized_view", "f": "foreign"}
MAX_TABLES = 2000

# Partitions are left out (their parent stands for them), as are system schemas.
_RELATIONS_SQL = """
SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
       obj_description(c.oid, 'pg_class') AS comment,
       CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS estimated_rows
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  AND ($1::text IS NULL OR n.nspname = $1)
  AND ($2::text IS NULL OR c.relname ILIKE $2)
ORDER BY n.nspname, c.relname
LIMIT $3
"""


async def relations(
    conn: asyncpg.Connection, schema: str | None, pattern: str | None
) -> list[dict[str, Any]]:
    rows = await conn.fetch(_RELATIONS_SQL, schema, pattern, MAX_TABLES)
    return [
        {
            "schema": r["schema"],
            "name": r["name"],
            "kind": KINDS[r["relkind"]],
            "comment": r["comment"],
            "estimated_rows": r["estimated_rows"],
        }
        for r in rows
    ]
