"""Read once: one execution of two steps reads the task row once, plus what its state changes
need (row locks, the final result), counted by a query logger on the executor's own pool."""

import asyncio
import re

import asyncpg

from services.executor.deps import Deps
from services.executor.pipeline import run_execution
from shared.broker import Publisher
from shared.db import executions, tasks
from shared.db.pool import init_connection
from shared.secret_box import load_box
from shared.storage import Storage
from shared.topology import Topology
from tests.helpers import new_task_id
from tests.helpers.tasks import queue

PLAIN_TASK_READ = re.compile(r"^\s*SELECT\b.*\bFROM data_pipeline_tasks\b(?!.*FOR UPDATE)", re.S)


async def _queued(pool, settings, task_id: str, worker: str):
    params: dict[str, object] = {"table_list": ["bss_company"], "db_name": "highway_db"}
    params |= {"enable_sql_validation": False, "enable_training_data_load": False}
    row = tasks.NewTask(
        task_type="data_workflow",
        parameters=params,
        output_directory=str(settings.data_root / task_id),
        created_by="read-once-test",
        db_name="highway_db",
        business_context="高速公路服务区管理系统",
    )
    await tasks.insert(pool, task_id, row)
    queued = await queue(pool, task_id, "complete")
    return await executions.claim(pool, queued.execution_id, worker)


async def test_an_execution_reads_its_task_row_once(settings, amqp, pool):
    statements: list[str] = []

    async def log_queries(conn: asyncpg.Connection) -> None:
        await init_connection(conn)  # the app pool's codecs
        conn.add_query_logger(lambda record: statements.append(record.query))

    counted = await asyncpg.create_pool(
        settings.database_url.get_secret_value(), min_size=1, max_size=4, init=log_queries
    )
    try:
        publisher = await Publisher.open(amqp, Topology(settings.amqp_namespace))
        box = await asyncio.to_thread(load_box, settings)
        storage = Storage(settings.data_root)
        deps = Deps(
            settings, counted, storage, publisher, "reads-test", box, settings.database_policy()
        )
        task_id = new_task_id()
        claimed = await _queued(pool, settings, task_id, deps.worker_id)
        assert claimed is not None
        statements.clear()
        envelope = await run_execution(deps, claimed)
    finally:
        await counted.close()
    assert envelope["success"], envelope
    reads = [q for q in statements if PLAIN_TASK_READ.match(q)]
    locked = [q for q in statements if "data_pipeline_tasks" in q and "FOR UPDATE" in q]
    print(f"task row: {len(reads)} read(s), {len(locked)} locked read(s) for state changes")
    # One read when the execution starts (handed to every step); each state change returns the
    # row it wrote (task_state.set_steps), so the final result needs no second read. Before
    # read-once every step's context read the row again (2 steps: 4 reads), then 2 (a re-read
    # for the final result).
    assert len(reads) == 1, reads
