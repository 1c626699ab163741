"""Distinct, valid SELECTs generated from a database's catalog (lookups, ranges, ORDER BY/LIMIT,
GROUP BY, counts), for validating at volume."""

import itertools

import asyncpg

COLUMNS = """SELECT c.relname AS table_name, a.attname AS column_name
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND a.atttypid NOT IN ('json'::regtype, 'jsonb'::regtype, 'xml'::regtype, 'point'::regtype)
    ORDER BY 1, a.attnum"""


def _shapes(table: str, column: str, k: int) -> list[str]:
    t, c = f'public."{table}"', f'"{column}"'
    return [
        f"SELECT {c} FROM {t} WHERE {c} IS NOT NULL LIMIT {k}",
        f"SELECT count(*) FROM {t} WHERE {c} IS NULL OR ctid > '(0,{k})'",
        f"SELECT {c}, count(*) FROM {t} GROUP BY {c} ORDER BY 2 DESC LIMIT {k}",
        f"SELECT * FROM {t} ORDER BY {c} DESC LIMIT {k}",
    ]


async def generate(dsn: str, n: int) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        columns = [(r["table_name"], r["column_name"]) for r in await conn.fetch(COLUMNS)]
    finally:
        await conn.close()
    out: list[str] = []
    for k in itertools.count(1):
        for table, column in columns:
            out += _shapes(table, column, k)
            if len(out) >= n:
                return out[:n]
    raise AssertionError("unreachable")
