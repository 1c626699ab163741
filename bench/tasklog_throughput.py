"""Task log throughput: the batched TaskLog writer vs. the naive per-line write (one INSERT and
one file append per line, as the original's DB logger did), in the same run.

    python bench/tasklog_throughput.py [--lines 2000] [--dsn postgresql://postgres@127.0.0.1/postgres]
"""

import argparse
import asyncio
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg

from services.executor.tasklog import LOG_FILE, TaskLog, format_line
from shared.clock import utcnow
from shared.db import logs, tasks
from shared.db.migrate import apply_migrations
from shared.db.pool import create_pool
from shared.storage import Storage


async def naive(pool: asyncpg.Pool, storage: Storage, task_id: str, lines: int) -> float:
    began = time.perf_counter()
    for i in range(lines):
        entry = logs.NewLog(task_id, None, "INFO", f"line {i}", "bench", utcnow())
        await storage.append_text(task_id, LOG_FILE, format_line(entry))
        await logs.insert_many(pool, [entry])
    return time.perf_counter() - began


async def batched(pool: asyncpg.Pool, storage: Storage, task_id: str, lines: int) -> float:
    began = time.perf_counter()
    log = TaskLog(pool, storage, task_id, None)
    log.start()
    for i in range(lines):
        log.info(f"line {i}")
    await log.close()
    return time.perf_counter() - began


async def main(dsn: str, lines: int) -> None:
    db = f"dp_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(dsn)
    await admin.execute(f'CREATE DATABASE "{db}"')
    try:
        pool = await create_pool(dsn.rsplit("/", 1)[0] + f"/{db}")
        async with pool.acquire() as conn:
            await apply_migrations(conn)
        storage = Storage(Path(tempfile.mkdtemp()))
        results: dict[str, float] = {}
        for name, fn in (("naive (per line)", naive), ("TaskLog (batched)", batched)):
            task_id = f"task_2099010{len(results) + 1}_000000"
            await tasks.insert(
                pool, task_id, tasks.NewTask("data_workflow", {}, "", None, None, None)
            )
            results[name] = await fn(pool, storage, task_id, lines)
        await pool.close()
    finally:
        await admin.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        await admin.close()
    base = results["naive (per line)"]
    for name, seconds in results.items():
        print(
            f"{name:20s} {lines / seconds:10.0f} lines/s  {seconds:7.3f}s  x{base / seconds:5.1f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    asyncio.run(main(args.dsn, args.lines))
