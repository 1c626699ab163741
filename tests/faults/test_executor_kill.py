"""Failure 4 and 7 of the fault review: kill -9 of an executor mid-step. The janitor finds the
silent run within DP_LOST_AFTER_SECONDS + one sweep and queues it again; the other executor
resumes it after its last completed step and completes the task, without any request."""

import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from services.executor.vectors.store import ensure_schema
from shared.db import executions, logs, outputs, tasks
from shared.records import ExecutionRecord
from tests.faults.private_rabbit import PrivateRabbit
from tests.faults.probes import SMALL_TABLES
from tests.faults.servers import PrivatePostgres
from tests.faults.stack import FAST, Stack, running_stack
from tests.helpers import wait_until

VECTOR_TABLE = "langchain_pg_embedding"


@contextlib.asynccontextmanager
async def vector_table_locked(url: str) -> AsyncIterator[asyncpg.Connection]:
    """Holds ACCESS EXCLUSIVE on the embeddings table: training_load blocks on it mid-step."""
    conn = await asyncpg.connect(url)
    async with conn.transaction():
        await ensure_schema(conn)
    tx = conn.transaction()
    await tx.start()
    await conn.execute(f"LOCK TABLE {VECTOR_TABLE} IN ACCESS EXCLUSIVE MODE")
    try:
        yield conn
    finally:
        await tx.rollback()
        await conn.close()


async def _execution(pool: asyncpg.Pool, task_id: str) -> ExecutionRecord | None:
    rows = await executions.list_for_task(pool, task_id)
    return rows[-1] if rows else None


async def _in_training_load(pool: asyncpg.Pool, task_id: str) -> ExecutionRecord | None:
    e = await _execution(pool, task_id)
    task = await tasks.get(pool, task_id)
    running = task is not None and task.step_status.get("training_load") == "running"
    return e if e and e.status == "running" and running else None


async def _running_again(pool: asyncpg.Pool, task_id: str) -> ExecutionRecord | None:
    e = await _execution(pool, task_id)
    return e if e and e.status == "running" and e.attempt == 2 else None


async def _completed(pool: asyncpg.Pool, task_id: str) -> ExecutionRecord | None:
    e = await _execution(pool, task_id)
    return e if e and e.status == "completed" else None


def _owner(stack: Stack, worker_id: str) -> str:
    pid = int(worker_id.split(":")[1])
    return next(n for n, s in stack.services.items() if s.proc and s.proc.pid == pid)


@pytest.mark.timeout(300)
async def test_kill_9_mid_step_is_resumed_by_the_other_executor_without_a_request(
    private_pg: PrivatePostgres, private_rabbit: PrivateRabbit, fault_env, tmp_path: Path
):
    async with running_stack(private_pg, private_rabbit, tmp_path, fault_env) as stack:
        pool = await stack.open_pool()
        async with vector_table_locked(fault_env["DP_VECTOR_DATABASE_URL"]):
            body = {"table_list": SMALL_TABLES, "task_name": "kill_9"}
            status, answer = await stack.call("POST", "/tasks/execute-complete", json=body)
            assert status == 202, answer
            task_id = answer["data"]["task_id"]
            first = await wait_until(lambda: _in_training_load(pool, task_id), timeout=90)
            before = {o.file_name: o for o in await outputs.list_for_task(pool, task_id)}
            victim = _owner(stack, first.worker_id or "")
            await stack.services[victim].kill()
            killed_at = time.monotonic()
            again = await wait_until(lambda: _running_again(pool, task_id), timeout=60)
            back_after = time.monotonic() - killed_at
        done = await wait_until(lambda: _completed(pool, task_id), timeout=90)
        after = {o.file_name: o for o in await outputs.list_for_task(pool, task_id)}
        rows = await logs.query(pool, task_id, text="跳过已完成的步骤", limit=50)
        final = await tasks.get(pool, task_id)

    assert (done.execution_id, done.attempt) == (first.execution_id, 2)
    assert again.worker_id != first.worker_id
    assert final is not None
    assert final.status == "completed"
    # Liveness: within DP_LOST_AFTER_SECONDS + a heartbeat + one sweep (+ slack for a busy CI).
    bound = sum(float(FAST[k]) for k in ("DP_LOST_AFTER_SECONDS", "DP_HEARTBEAT_SECONDS"))
    assert back_after < bound + float(FAST["DP_JANITOR_INTERVAL_SECONDS"]) + 5
    # Resumed after the last completed step: ddl, qa and validation ran once, their files kept.
    skipped = "跳过已完成的步骤: ddl_generation, qa_generation, sql_validation"
    assert [r.message for r in rows if skipped in r.message], [r.message for r in rows]
    done_steps = ("ddl_generation", "qa_generation", "sql_validation")
    earlier = {n: o.content_hash for n, o in before.items() if o.step in done_steps}
    kept = {n: o.content_hash for n, o in after.items() if o.step in done_steps}
    assert kept == earlier  # the same files, untouched: no second (timestamped) pair file
