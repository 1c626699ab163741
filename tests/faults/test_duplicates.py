"""Failure 2 of the fault review: the same command delivered twice, back to back, to two
executors has the effect of once (one task per task.create, one execution per task.execute)."""

from pathlib import Path

import aio_pika
import asyncpg

from shared.broker import Publisher
from shared.db import commands
from shared.messages import (
    CommandBase,
    CreateTask,
    CreateTaskPayload,
    ExecuteTask,
    ExecuteTaskPayload,
)
from shared.parameters import TaskParameters
from shared.topology import Topology
from tests.faults.private_rabbit import PrivateRabbit
from tests.faults.probes import SMALL_TABLES
from tests.faults.servers import PrivatePostgres
from tests.faults.stack import Stack, running_stack
from tests.helpers import wait_until

COUNT = 20


async def _drained(rabbit: PrivateRabbit, stack: Stack) -> bool:
    """No message of this deployment is ready or being handled (each duplicate was seen)."""
    out = await rabbit.ctl("list_queues", "-q", "--no-table-headers", "name", "messages")
    ns = stack.env["DP_AMQP_NAMESPACE"]
    rows = [line.split() for line in out.splitlines() if line.startswith(f"{ns}.executor.")]
    return bool(rows) and all(int(n) == 0 for _, n in rows)


async def _all_completed(pool: asyncpg.Pool, ids: list[str]) -> bool:
    found = [await commands.get(pool, i) for i in ids]
    return all(c is not None and c.status == "completed" for c in found)


async def _tasks_named(pool: asyncpg.Pool, prefix: str) -> dict[str, int]:
    rows = await pool.fetch(
        "SELECT task_name, count(*) AS n FROM data_pipeline_tasks WHERE task_name LIKE $1"
        " GROUP BY task_name",
        f"{prefix}%",
    )
    return {r["task_name"]: r["n"] for r in rows}


async def _publish_twice(url: str, namespace: str, messages: list[tuple[CommandBase, str]]) -> None:
    connection = await aio_pika.connect_robust(url)
    try:
        publisher = await Publisher.open(connection, Topology(namespace))
        for command, key in messages:
            await publisher.command(command, key)
            await publisher.command(command, key)
    finally:
        await connection.close()


async def test_each_command_published_twice_takes_effect_once(
    private_pg: PrivatePostgres, private_rabbit: PrivateRabbit, fault_env, tmp_path: Path
):
    async with running_stack(private_pg, private_rabbit, tmp_path, fault_env) as stack:
        pool = await stack.open_pool()
        creates = [
            CreateTask(
                issued_by="fault-test",
                payload=CreateTaskPayload(
                    parameters=TaskParameters(task_name=f"dup_{n}", table_list=SMALL_TABLES)
                ),
            )
            for n in range(COUNT)
        ]  # the docs/messaging.md form: no task_id
        env = stack.env
        await _publish_twice(
            env["DP_AMQP_URL"], env["DP_AMQP_NAMESPACE"], [(c, "task.create") for c in creates]
        )
        create_ids = [str(c.command_id) for c in creates]
        await wait_until(lambda: _all_completed(pool, create_ids), timeout=120, interval=0.5)
        await wait_until(lambda: _drained(private_rabbit, stack), timeout=60, interval=0.5)
        named = await _tasks_named(pool, "dup_")

        task_ids = [(await commands.get(pool, i)).task_id for i in create_ids]
        executes = [
            ExecuteTask(
                issued_by="fault-test",
                payload=ExecuteTaskPayload(task_id=t, step="ddl_generation"),
            )
            for t in task_ids
        ]
        await _publish_twice(
            env["DP_AMQP_URL"], env["DP_AMQP_NAMESPACE"], [(c, "task.execute") for c in executes]
        )
        execute_ids = [str(c.command_id) for c in executes]
        await wait_until(lambda: _all_completed(pool, execute_ids), timeout=180, interval=0.5)
        await wait_until(lambda: _drained(private_rabbit, stack), timeout=60, interval=0.5)
        per_task = await pool.fetch(
            "SELECT task_id, count(*) AS n FROM data_pipeline_task_executions"
            " WHERE task_id = ANY($1::text[]) GROUP BY task_id",
            task_ids,
        )

    assert named == {f"dup_{n}": 1 for n in range(COUNT)}
    assert sorted(r["n"] for r in per_task) == [1] * COUNT
