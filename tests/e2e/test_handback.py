"""Graceful hand-back: an execution still running at shutdown goes back to the queue under a
new command; the command that asked for it stays unfinished meanwhile and ends final when the
resumed execution does (it is never left `processing`)."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from services.executor.deps import Deps
from services.executor.handlers import on_execute_task
from shared.broker import Publisher
from shared.command_log import run_once
from shared.db import commands, executions
from shared.messages import ExecuteTask, ExecuteTaskPayload, decode_command
from shared.secret_box import load_box
from shared.storage import Storage
from shared.topology import Topology
from tests.helpers import wait_until
from tests.helpers.broker import delete_topology
from tests.helpers.databases import LOCKED_TABLE, blocked_on_lock, table_locked
from tests.helpers.tasks import make_task


@pytest.fixture
async def private(settings, amqp, pool, business_copy) -> AsyncIterator[tuple[Deps, Any]]:
    """Deps on a namespace nobody consumes (the test takes the messages itself)."""
    own = settings.model_copy(
        update={"amqp_namespace": f"{settings.amqp_namespace}_handback",
                "business_database_url": SecretStr(business_copy)}
    )  # fmt: skip
    topology = Topology(own.amqp_namespace)
    publisher = await Publisher.open(amqp, topology)
    box = await asyncio.to_thread(load_box, own)
    deps = Deps(own, pool, Storage(own.data_root), publisher, "handback-test", box,
                own.database_policy())  # fmt: skip
    channel = await amqp.channel()
    yield deps, await channel.get_queue(topology.execute_queue)
    await channel.close()
    await delete_topology(amqp, topology)


async def _taken(queue: Any) -> ExecuteTask:
    message = await wait_until(lambda: queue.get(fail=False), timeout=10)
    await message.ack()
    command = decode_command(message.body)
    assert isinstance(command, ExecuteTask)
    return command


async def _status(pool: Any, command_id: Any) -> str | None:
    row = await commands.get(pool, str(command_id))
    return row.status if row else None


async def test_handed_back_execution_finishes_the_command_that_asked_for_it(
    private, pool, settings, business_copy
):
    deps, queue = private
    task_id = await make_task(pool, settings.data_root)
    await pool.execute(
        "UPDATE data_pipeline_tasks SET parameters = $2 WHERE id = $1",
        task_id,
        {"table_list": [LOCKED_TABLE], "db_name": "highway_db"},
    )
    payload = ExecuteTaskPayload(task_id=task_id, step="ddl_generation")
    await deps.publisher.command(ExecuteTask(payload=payload), "task.execute")
    first = await _taken(queue)
    async with table_locked(business_copy):
        outcome = await run_once(pool, first, lambda: on_execute_task(first, deps))
        assert outcome.then is not None
        work = asyncio.ensure_future(outcome.then())
        await wait_until(lambda: blocked_on_lock(business_copy), timeout=20)
        work.cancel()  # the shutdown grace ran out: the runner hands the execution back
        with pytest.raises(asyncio.CancelledError):
            await work
    again = await _taken(queue)  # re-sent under a new command id, same execution
    assert again.command_id != first.command_id
    assert again.payload.execution_id == outcome.envelope["data"]["execution_id"]
    assert await _status(pool, first.command_id) == "processing"  # not final, not lost

    resumed = await run_once(pool, again, lambda: on_execute_task(again, deps))
    assert resumed.then is not None
    envelope = await resumed.then()
    assert envelope["success"], envelope
    execution = await executions.get(pool, str(again.payload.execution_id))
    assert (execution.status, execution.attempt) == ("completed", 2)
    assert await _status(pool, again.command_id) == "completed"
    assert await _status(pool, first.command_id) == "completed"  # ends final with its execution
