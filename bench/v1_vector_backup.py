"""V1 vector backup + restore: the project's backup set (both tables, COPY TO with the manifest
and log) and restore (lock, one transaction, truncate, COPY in FK order, counts verified) vs
plain COPY TO + COPY FROM of the same embedding table, in the same run.

    python -m bench.v1_vector_backup [--repeats 2] [--smoke]"""

import time
from pathlib import Path

import asyncpg

from bench.cli import run_one
from bench.env import Env
from bench.rows import Row
from bench.stats import Spread, interleaved, ratios
from services.executor.vectors import backup, backup_log, lock, restore
from services.executor.vectors.connection import open_vector_pool
from services.executor.vectors.store import EMBEDDING_TABLE, VECTOR_TABLES

KEY = "V1"
DIM = 1024
FILL = f"""
INSERT INTO langchain_pg_embedding (id, collection_id, embedding, document, cmetadata)
SELECT 'bench-' || g || '-doc', (SELECT uuid FROM langchain_pg_collection WHERE name = 'ddl'),
    (SELECT array_agg(random()) FROM generate_series(1, {DIM}) d WHERE g > 0)::vector,
    'CREATE TABLE t_' || g || ' (id int); -- 服务区 ' || g,
    jsonb_build_object('id', 'bench-' || g || '-doc', 'task_id', 'task_20990101_000000')
FROM generate_series(1, $1) g
"""
PLAIN_TABLE = "bench_plain_embedding"


async def fill(pool: asyncpg.Pool, rows: int) -> None:
    async with pool.acquire() as conn:
        await conn.execute(f"TRUNCATE {EMBEDDING_TABLE}")
        await conn.execute(FILL, rows)
        await conn.execute(f"DROP TABLE IF EXISTS {PLAIN_TABLE}")
        # The same columns and indexes (PK, unique id, GIN), so both sides index alike.
        await conn.execute(f"CREATE TABLE {PLAIN_TABLE} (LIKE {EMBEDDING_TABLE} INCLUDING ALL)")


async def plain_copy(pool: asyncpg.Pool, root: Path) -> float:
    """COPY the table out to CSV, then COPY it into an emptied table of the same shape."""
    path = root / "plain.csv"
    began = time.perf_counter()
    async with pool.acquire() as conn:
        await conn.copy_from_table(EMBEDDING_TABLE, output=path, format="csv", header=True)
        async with conn.transaction():
            await conn.execute(f"TRUNCATE {PLAIN_TABLE}")
            await conn.copy_to_table(PLAIN_TABLE, source=path, format="csv", header=True)
    elapsed = time.perf_counter() - began
    path.unlink()
    return elapsed


async def project(pool: asyncpg.Pool, root: Path, ts: str) -> float:
    """What vector.backup and vector.restore run (minus the message round trips)."""
    began = time.perf_counter()
    async with lock.exclusive(pool, "bench backup"):
        made = await backup.backup_tables(pool, root, ts)
    directory = root / backup.BACKUP_DIR
    await backup_log.write(directory, made, "bench", ts)
    files = {t: directory / f"{t}_{ts}.csv" for t in VECTOR_TABLES}
    counts = {t: made.tables_backed_up[t].row_count for t in VECTOR_TABLES}
    plan = restore.RestorePlan(files, counts, truncate=True, on_conflict="fail")
    async with lock.exclusive(pool, "bench restore") as conn:
        await restore.restore_set(conn, plan)
    elapsed = time.perf_counter() - began
    for path in files.values():
        path.unlink()
    return elapsed


async def measure(env: Env, repeats: int | None) -> Row:
    rows = 200 if env.smoke else 100_000
    repeats = repeats or (1 if env.smoke else 2)
    pool = await open_vector_pool(env.vector_url)
    stamps = iter(f"20990101_{i:06d}" for i in range(10**6))
    try:
        await fill(pool, rows)
        base, proj = await interleaved(
            repeats,
            lambda: plain_copy(pool, env.root),
            lambda: project(pool, env.root, next(stamps)),
        )
        restored = await pool.fetchval(f"SELECT count(*) FROM {EMBEDDING_TABLE}")
    finally:
        await pool.close()
    ratio = Spread.of(ratios(proj, base))
    return Row(
        KEY,
        f"vector backup + restore, {rows:,} embeddings x {DIM} dims",
        f"plain COPY TO + COPY FROM {Spread.of(base).show('{:.2f}')} s",
        f"backup set + restore {Spread.of(proj).show('{:.2f}')} s ({restored:,} rows back)",
        f"{ratio.show('{:.2f}')}x",
        "≤ 2x",
        ratio.median <= 2 and restored == rows,
        "python -m bench.v1_vector_backup",
        f"{repeats} repeats, interleaved; restore with truncate_before_restore (the fast path: "
        "COPY straight into the indexed table inside the transaction).",
    )


if __name__ == "__main__":
    run_one(__name__, __doc__ or "")
