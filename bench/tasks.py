"""Driving tasks through the HTTP API and waiting on the app DB (cheap polling, no HTTP load)."""

import asyncio
import time
from typing import Any

from bench.stack import Stack
from shared.db import executions, tasks
from shared.records import ExecutionRecord

FINAL = frozenset({"completed", "failed", "cancelled", "lost"})
WAIT_TIMEOUT = 1800.0
POLL = 0.005


def task_body(tables: list[str], db_name: str = "highway_db") -> dict[str, Any]:
    return {
        "task_type": "data_workflow",
        "db_name": db_name,
        "business_context": "高速公路服务区管理系统",
        "table_list": tables,
    }


async def poll(probe: Any, what: str, timeout: float = WAIT_TIMEOUT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := await probe():
            return found
        await asyncio.sleep(POLL)
    raise TimeoutError(f"{what}: not within {timeout}s")


async def create_task(stack: Stack, tables: list[str]) -> str:
    """POST /tasks; returns once the executor has made the task directory."""
    task_id = str((await stack.api.call("POST", "/tasks", task_body(tables)))["task_id"])

    async def made() -> bool:
        task = await tasks.get(stack.pool, task_id)
        return bool(task and task.directory_exists and (stack.data_root / task_id).is_dir())

    await poll(made, f"directory of {task_id}")
    return task_id


async def finished(stack: Stack, execution_id: str) -> ExecutionRecord:
    async def done() -> ExecutionRecord | None:
        row = await executions.get(stack.pool, execution_id)
        return row if row and row.status in FINAL else None

    row: ExecutionRecord = await poll(done, f"execution {execution_id}")
    if row.status != "completed":
        raise RuntimeError(f"{execution_id} ended {row.status}: {row.error_message}")
    return row


async def run_step(stack: Stack, task_id: str, step: str, **options: Any) -> ExecutionRecord:
    """POST /tasks/{id}/execute (options such as force_execute) and wait for the end."""
    data = await stack.api.call("POST", f"/tasks/{task_id}/execute", {"step": step, **options})
    return await finished(stack, str(data["execution_id"]))


def seconds(row: ExecutionRecord) -> float:
    """The execution's own duration (server clock: claim to finish)."""
    assert row.started_at is not None
    assert row.completed_at is not None
    return (row.completed_at - row.started_at).total_seconds()


async def complete_workflow(stack: Stack, tables: list[str]) -> ExecutionRecord:
    """POST /tasks/execute-complete and wait until the whole workflow has finished."""
    data = await stack.api.call("POST", "/tasks/execute-complete", task_body(tables))
    return await finished(stack, str(data["execution_id"]))
