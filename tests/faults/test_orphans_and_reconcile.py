"""Failure 1 (second half) and 8 of the fault review: a queued execution whose command is
gone (dead-lettered, purged) is sent again by the janitor; and the reconcile sweep leaves
alone the tasks whose create is still on its way (broker down)."""

from pathlib import Path

import aiohttp
import asyncpg

from shared.db import commands, executions, tasks
from shared.topology import Topology
from tests.faults.private_rabbit import PrivateRabbit
from tests.faults.probes import SMALL_TABLES
from tests.faults.servers import PrivatePostgres, free_port
from tests.faults.stack import Stack, running_stack
from tests.helpers import wait_until


async def _command_status(pool: asyncpg.Pool, command_id: str, status: str) -> bool:
    c = await commands.get(pool, command_id)
    return c is not None and c.status == status


async def _execution_done(pool: asyncpg.Pool, execution_id: str):
    e = await executions.get(pool, execution_id)
    return e if e and e.status == "completed" else None


async def test_a_queued_execution_whose_command_is_gone_is_sent_again(
    private_pg: PrivatePostgres, private_rabbit: PrivateRabbit, fault_env, tmp_path: Path
):
    env = {**fault_env, "DP_QUEUED_ORPHAN_SECONDS": "2"}
    async with running_stack(private_pg, private_rabbit, tmp_path, env, executors=0) as stack:
        pool = await stack.open_pool()
        body = {"table_list": SMALL_TABLES, "enable_training_data_load": False}
        status, answer = await stack.call("POST", "/tasks/execute-complete", json=body)
        assert status == 202, answer
        e = (await executions.list_for_task(pool, answer["data"]["task_id"]))[0]
        command_id = e.command_id
        assert command_id is not None
        await wait_until(lambda: _command_status(pool, command_id, "published"), timeout=30)
        queue = Topology(env["DP_AMQP_NAMESPACE"]).execute_queue
        await private_rabbit.ctl("purge_queue", queue)  # the message is gone, like a dead letter
        executor = stack.add("executor1", "services.executor")
        await executor.start()
        done = await wait_until(lambda: _execution_done(pool, e.execution_id), timeout=120)
        original = await commands.get(pool, command_id)

    assert done.dispatches >= 1
    assert done.attempt == 1
    assert original.status == "completed"  # the command that asked for it ends final too


async def _sweeps(stack: Stack) -> int:
    assert stack.http is not None
    url = f"http://127.0.0.1:{stack.env['DP_JANITOR_METRICS_PORT']}/metrics"
    try:
        async with stack.http.get(url) as r:
            text = await r.text()
    except aiohttp.ClientError:
        return 0
    line = 'dp_janitor_sweep_runs_total{job="reconcile",outcome="done"}'
    found = [ln.split()[-1] for ln in text.splitlines() if ln.startswith(line)]
    return int(float(found[0])) if found else 0


async def _flag_changes(pool: asyncpg.Pool, task_ids: list[str]) -> list[str]:
    rows = await commands.list_recent(pool, "janitor.reconcile", limit=500)
    return [c.task_id for c in rows if c.task_id in task_ids]


async def test_reconcile_leaves_tasks_whose_create_is_in_flight(
    private_pg: PrivatePostgres, private_rabbit: PrivateRabbit, fault_env, tmp_path: Path
):
    env = {**fault_env, "DP_JANITOR_METRICS_PORT": str(free_port())}
    async with running_stack(private_pg, private_rabbit, tmp_path, env) as stack:
        pool = await stack.open_pool()
        await private_rabbit.stop()
        task_ids = []
        for n in range(10):
            status, answer = await stack.call("POST", "/tasks", json={"task_name": f"rec_{n}"})
            assert status == 201, answer  # the outbox keeps the create until the broker is back
            task_ids.append(answer["data"]["task_id"])
        seen = await _sweeps(stack)
        await wait_until(lambda: _at_least(stack, seen + 3), timeout=60, interval=0.3)
        while_down = await _flag_changes(pool, task_ids)
        await private_rabbit.start()
        await wait_until(lambda: _have_directories(pool, stack, task_ids), timeout=120)
        seen = await _sweeps(stack)
        await wait_until(lambda: _at_least(stack, seen + 3), timeout=60, interval=0.3)
        after = await _flag_changes(pool, task_ids)
        flags = [(await tasks.get(pool, t)).directory_exists for t in task_ids]

    assert while_down == []
    assert after == []
    assert flags == [True] * 10


async def _at_least(stack: Stack, n: int) -> bool:
    return await _sweeps(stack) >= n


async def _have_directories(pool: asyncpg.Pool, stack: Stack, task_ids: list[str]) -> bool:
    root = Path(stack.env["DP_DATA_ROOT"])
    return all((root / t).is_dir() for t in task_ids)
