"""What the fault tests count: final statuses, dead letters, queue depths, commands."""

import asyncio
from typing import Any

import aio_pika
import asyncpg

from shared.db import commands, executions, tasks
from shared.records import ExecutionRecord
from shared.topology import Topology
from tests.faults.stack import Stack

SMALL_TABLES = ["bss_company", "bss_service_area"]
ALL_TABLES = [
    "bss_business_day_data", "bss_car_day_count", "bss_company", "bss_section_route",
    "bss_section_route_area_link", "bss_service_area", "bss_service_area_mapper",
]  # fmt: skip


async def submit_complete(stack: Stack, count: int, tables: list[str]) -> list[str]:
    """`count` POST /tasks/execute-complete; returns the task ids."""

    async def one(n: int) -> str:
        body = {"table_list": tables, "task_name": f"fault_{n}"}
        status, answer = await stack.call("POST", "/tasks/execute-complete", json=body)
        assert status == 202, answer
        return str(answer["data"]["task_id"])

    return list(await asyncio.gather(*(one(n) for n in range(count))))


async def executions_of(pool: asyncpg.Pool, task_ids: list[str]) -> list[ExecutionRecord]:
    found = await asyncio.gather(*(executions.list_for_task(pool, t) for t in task_ids))
    return [e for rows in found for e in rows]


async def all_completed(pool: asyncpg.Pool, task_ids: list[str]) -> bool:
    rows = await asyncio.gather(*(tasks.get(pool, t) for t in task_ids))
    return all(t is not None and t.status == "completed" for t in rows)


async def status_counts(pool: asyncpg.Pool, task_ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in await executions_of(pool, task_ids):
        counts[e.status] = counts.get(e.status, 0) + 1
    return counts


async def any_running(pool: asyncpg.Pool, task_ids: list[str]) -> bool:
    return any(e.status == "running" for e in await executions_of(pool, task_ids))


async def unfinished_commands(pool: asyncpg.Pool, rows: list[ExecutionRecord]) -> list[Any]:
    found = [await commands.get(pool, e.command_id) for e in rows if e.command_id]
    return [c for c in found if c is None or c.status != "completed"]


async def queue_depth(url: str, queue: str) -> int:
    """Messages ready in `queue` (a passive declare never creates it)."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, passive=True)
        return int(declared.declaration_result.message_count or 0)
    finally:
        await connection.close()


async def dead_letters(stack: Stack) -> int:
    topology = Topology(stack.env["DP_AMQP_NAMESPACE"])
    return await queue_depth(stack.env["DP_AMQP_URL"], topology.dead)
