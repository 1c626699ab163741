"""Failure 1, 4 and 9 of the fault review: a PostgreSQL restart with a backlog of queued
executions and some running. Nothing may be dead-lettered, nothing left queued, and the
running ones pause and resume instead of being lost; the API answers 503 meanwhile."""

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from tests.faults.private_rabbit import PrivateRabbit
from tests.faults.probes import (
    ALL_TABLES,
    SMALL_TABLES,
    all_completed,
    any_running,
    dead_letters,
    executions_of,
    status_counts,
    submit_complete,
    unfinished_commands,
)
from tests.faults.servers import PrivatePostgres
from tests.faults.stack import Stack, running_stack
from tests.helpers import wait_until


async def _outage_answers(stack: Stack) -> tuple[int, str | None, str | None]:
    assert stack.http is not None
    async with stack.http.get(f"{stack.base_url}/api/v0/data_pipeline/tasks") as r:
        body = await r.json()
        return r.status, body.get("error_code"), r.headers.get("Retry-After")


async def restart_with_backlog(
    stack: Stack, pg: PrivatePostgres, backlog: int, outage: float, tables: list[str]
) -> dict[str, Any]:
    pool = await stack.open_pool()
    task_ids = await submit_complete(stack, backlog, tables)
    await wait_until(lambda: any_running(pool, task_ids), timeout=60, interval=0.1)
    at_stop = await status_counts(pool, task_ids)
    stopped = time.monotonic()
    await pg.stop()
    during = await _outage_answers(stack)
    await asyncio.sleep(outage)  # the outage itself is the fault, not a wait for a condition
    await pg.start()
    started = time.monotonic()
    pool = await stack.reopen_pool()
    await wait_until(lambda: all_completed(pool, task_ids), timeout=240 + backlog * 5, interval=1)
    rows = await executions_of(pool, task_ids)
    return {
        "at_stop": at_stop,
        "outage_seconds": round(started - stopped, 1),
        "all_completed_after": round(time.monotonic() - started, 1),
        "steps_completed": await stack.executor_total(
            "dp_executor_steps_finished_total", 'status="completed"'
        ),
        "retries": await stack.executor_total("dp_executor_retries_total"),
        "running": await stack.executor_total("dp_executor_executions_running"),
        "during": during,
        "statuses": await status_counts(pool, task_ids),
        "attempts": sorted({e.attempt for e in rows}),
        "unfinished_commands": await unfinished_commands(pool, rows),
        "dead_letters": await dead_letters(stack),
        "executions": len(rows),
    }


@pytest.mark.timeout(300)
async def test_postgres_restart_with_a_backlog_loses_and_dead_letters_nothing(
    private_pg: PrivatePostgres, private_rabbit: PrivateRabbit, fault_env, tmp_path: Path
):
    # Lost after 30 s: the outage (10 s, plus the stop and start) leaves every heartbeat fresh.
    env = {**fault_env, "DP_LOST_AFTER_SECONDS": "30"}
    async with running_stack(private_pg, private_rabbit, tmp_path, env) as stack:
        result = await restart_with_backlog(stack, private_pg, 16, 10.0, SMALL_TABLES)

    assert result["during"] == (503, "SERVICE_UNAVAILABLE", "5")
    assert result["statuses"] == {"completed": 16}
    assert result["executions"] == 16
    assert result["dead_letters"] == 0
    assert result["unfinished_commands"] == []
    # Runs paused and resumed on the same executor: none was declared lost and retried.
    assert result["attempts"] == [1]
    # The executors' metrics saw it: every step completed once, retries counted, none running.
    assert result["steps_completed"] == 16 * 4
    assert result["retries"] > 0
    assert result["running"] == 0


@pytest.mark.faults
@pytest.mark.timeout(900)
@pytest.mark.parametrize("outage", [10.0, 30.0])
async def test_postgres_restart_with_60_queued_complete_workflows(
    private_pg: PrivatePostgres, private_rabbit: PrivateRabbit, fault_env, tmp_path: Path,
    outage: float,
):  # fmt: skip
    async with running_stack(private_pg, private_rabbit, tmp_path, fault_env) as stack:
        result = await restart_with_backlog(stack, private_pg, 60, outage, ALL_TABLES)

    print(f"outage {outage}s: {result}")
    assert result["statuses"] == {"completed": 60}
    assert result["dead_letters"] == 0
    assert result["unfinished_commands"] == []
