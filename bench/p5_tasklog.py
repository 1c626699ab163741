"""P5 task log ingestion: TaskLog as the executor runs it (file, data_pipeline_task_logs, a log
event per line on RabbitMQ, process logging as the executor sets it up) vs COPY of the same
rows into a comparable 3-index table, same run.

    python -m bench.p5_tasklog [--repeats 3] [--smoke]"""

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import asyncpg

from bench.cli import run_one
from bench.env import Env, fresh_database
from bench.rows import Row
from bench.stack import delete_topology
from bench.stats import Spread, interleaved, percentile, ratios
from services.executor.tasklog import TaskLog
from shared import broker
from shared.broker import Publisher
from shared.db import executions, tasks
from shared.db.migrate import apply_migrations
from shared.db.pool import create_pool
from shared.logging import setup_logging
from shared.storage import Storage
from shared.topology import Topology

KEY = "P5"
BURST = 50  # lines per burst; the producer yields between bursts like a step does
TICK = 0.005
BASELINE_TABLE = """CREATE TABLE bench_logs (id serial PRIMARY KEY, task_id varchar(32),
    execution_id varchar(100), log_level varchar(10), message text, step_name varchar(50),
    timestamp timestamp, extra_data jsonb)"""
COLUMNS = [
    "task_id",
    "execution_id",
    "log_level",
    "message",
    "step_name",
    "timestamp",
    "extra_data",
]


def message(i: int) -> str:
    return (
        f"处理表 public.table_{i % 500:03d}：读取样本 {i} 行，推断列 comment 与枚举候选 " + "x" * 60
    )


def baseline_rows(n: int, task_id: str, execution_id: str) -> list[tuple[object, ...]]:
    at = datetime(2099, 1, 1)
    extra = json.dumps({"line": 0, "table": "t"})
    return [
        (
            task_id,
            execution_id,
            "INFO",
            message(i),
            "ddl_generation",
            at + timedelta(milliseconds=i),
            extra,
        )
        for i in range(n)
    ]


async def copy_rate(conn: asyncpg.Connection, rows: list[tuple[object, ...]]) -> float:
    """One COPY on a plain connection (JSON encoded up front), as a hand-written logger would."""
    await conn.execute("TRUNCATE bench_logs RESTART IDENTITY")
    began = time.perf_counter()
    await conn.copy_records_to_table("bench_logs", records=rows, columns=COLUMNS)
    return len(rows) / (time.perf_counter() - began)


async def lag_ticker(lags: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        due = time.perf_counter() + TICK
        await asyncio.sleep(TICK)
        lags.append(max(0.0, time.perf_counter() - due))


async def tasklog_rate(log: TaskLog, n: int, lags: list[float]) -> float:
    stop = asyncio.Event()
    ticker = asyncio.create_task(lag_ticker(lags, stop))
    log.start()
    began = time.perf_counter()
    for i in range(n):
        log.info(message(i), table="t", line=i)
        if i % BURST == BURST - 1:
            await asyncio.sleep(0)
    await log.close()
    rate = n / (time.perf_counter() - began)
    stop.set()
    await ticker
    return rate


@contextlib.contextmanager
def executor_logging(path: Path) -> Iterator[None]:
    """The executor's process logging (INFO, redacting filter), into a file instead of stderr."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    setup_logging("INFO", "text")
    with path.open("a", encoding="utf-8") as out:
        handler = root.handlers[0]
        assert isinstance(handler, logging.StreamHandler)
        handler.setStream(out)
        try:
            yield
        finally:
            root.handlers[:], _ = saved
            root.setLevel(saved[1])


@contextlib.asynccontextmanager
async def publisher(env: Env) -> AsyncIterator[Publisher]:
    """A publisher on a topology of this run's own, as the executor holds one."""
    connection = await broker.connect(env.amqp_url)
    topology = Topology(env.name("p5"))
    try:
        yield await Publisher.open(connection, topology)
    finally:
        await connection.close()
        await delete_topology(env.amqp_url, topology)


@contextlib.asynccontextmanager
async def app_db(env: Env) -> AsyncIterator[tuple[asyncpg.Pool, asyncpg.Connection]]:
    """The project's pool on a migrated app DB, and a plain connection for the baseline."""
    async with fresh_database(env, "p5") as url:
        pool = await create_pool(url)
        plain = await asyncpg.connect(url)
        try:
            async with pool.acquire() as conn:
                await apply_migrations(conn)
            await plain.execute(BASELINE_TABLE)
            for column in ("task_id", "execution_id", "timestamp"):
                await plain.execute(f"CREATE INDEX ON bench_logs ({column})")
            yield pool, plain
        finally:
            await plain.close()
            await pool.close()


async def new_execution(pool: asyncpg.Pool, task_id: str) -> str:
    await tasks.insert(pool, task_id, tasks.NewTask("data_workflow", {}, "", None, None, None))
    row = await executions.insert_queued(
        pool,
        task_id=task_id,
        step="ddl_generation",
        execution_id=f"{task_id}_ddl",
        force_executed=False,
        clean_previous=False,
        options={},
        command_id=None,
    )
    return row.execution_id


async def measure(env: Env, repeats: int | None) -> Row:
    n = 500 if env.smoke else 20_000  # enough for a steady rate; the per-line events bound it
    repeats = repeats or (1 if env.smoke else 3)
    lags: list[float] = []
    async with app_db(env) as (pool, plain), publisher(env) as events:
        storage = Storage(env.root / "p5_data")
        counter = iter(range(10**6))

        async def project() -> float:
            task_id = f"task_20990101_{next(counter):06d}"
            log = TaskLog(pool, storage, task_id, await new_execution(pool, task_id), events)
            log.step = "ddl_generation"
            return await tasklog_rate(log, n, lags)

        rows = baseline_rows(n, "task_20990101_999999", "bench")
        with executor_logging(env.root / "p5_process.log"):
            base, proj = await interleaved(repeats, lambda: copy_rate(plain, rows), project)
    lag_p99 = percentile(lags, 99) * 1000
    ratio = Spread.of(ratios(proj, base))
    return Row(
        KEY,
        f"task log ingestion, {n:,} lines",
        f"COPY into a 3-index table {Spread.of(base).show('{:,.0f}')} rows/s",
        f"TaskLog {Spread.of(proj).show('{:,.0f}')} rows/s; loop lag p99 {lag_p99:.1f} ms",
        f"{ratio.show('{:.2f}')}x",
        "≥ 0.3x, loop lag p99 < 20 ms",
        ratio.median >= 0.3 and lag_p99 < 20,
        "python -m bench.p5_tasklog",
        f"{repeats} repeats; lag = lateness of a {TICK * 1000:.0f} ms ticker while TaskLog runs "
        f"(producer yields every {BURST} lines); max lag {max(lags) * 1000:.0f} ms.",
    )


if __name__ == "__main__":
    run_one(__name__, __doc__ or "")
