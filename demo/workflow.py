"""Runs one task end to end through the HTTP API: POST /tasks/execute-complete, then polls."""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from demo.client import ApiClient
from shared.models import STEP_ORDER

FINAL_EXECUTION = frozenset({"completed", "failed", "cancelled", "lost"})
POLL_SECONDS = 0.5


@dataclass
class DemoRun:
    task_id: str
    task: dict[str, Any] = field(default_factory=dict)
    executions: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    # Each step's `{step}_result.json`, by step name, when the task has one.
    results: dict[str, Any] = field(default_factory=dict)


def task_body(table_list: list[str]) -> dict[str, Any]:
    return {
        "task_type": "data_workflow",
        "db_name": "highway_db",
        "business_context": "高速公路服务区管理系统",
        "table_list": table_list,
    }


async def run_task(
    client: ApiClient, table_list: list[str], on_progress: Callable[[dict[str, Any]], None]
) -> DemoRun:
    task_id, execution_id = await client.execute_complete(task_body(table_list))
    await wait_execution(client, task_id, execution_id, on_progress)
    return await _collect(client, DemoRun(task_id))


async def wait_execution(
    client: ApiClient,
    task_id: str,
    execution_id: str,
    on_progress: Callable[[dict[str, Any]], None],
) -> str:
    """Polls until the execution ends; returns its final status."""
    while True:
        task = await client.task(task_id)
        on_progress(task)
        status = await _execution_status(client, task_id, execution_id)
        if status in FINAL_EXECUTION:
            return status
        await asyncio.sleep(POLL_SECONDS)


async def _execution_status(client: ApiClient, task_id: str, execution_id: str) -> str | None:
    for execution in await client.executions(task_id):
        if execution.get("execution_id") == execution_id:
            return str(execution.get("status"))
    return None


async def _collect(client: ApiClient, run: DemoRun) -> DemoRun:
    run.task = await client.task(run.task_id)
    run.executions = await client.executions(run.task_id)
    run.files = await client.files(run.task_id)
    names = {str(f.get("file_name")) for f in run.files}
    for step in STEP_ORDER:
        if (name := f"{step.value}_result.json") in names:
            run.results[step.value] = await client.download_json(run.task_id, name)
    return run
