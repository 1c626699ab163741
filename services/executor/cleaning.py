"""clean_previous: remove a step's earlier outputs (registered files and its result file)."""

import asyncpg

from services.executor.tasklog import TaskLog
from shared.db import executions, outputs
from shared.models import StepName
from shared.records import ExecutionRecord
from shared.storage import Storage


def result_file(step: StepName) -> str:
    return f"{step.value}_result.json"


async def clean_step_outputs(
    pool: asyncpg.Pool, storage: Storage, task_id: str, step: StepName, log: TaskLog
) -> int:
    names = await outputs.delete_for_step(pool, task_id, step.value)
    present = set(await storage.names(task_id))
    names = sorted(n for n in {*names, result_file(step)} if n in present)  # only real files
    await storage.remove(task_id, names)
    log.info(f"已清理步骤 {step.value} 的旧输出文件 {len(names)} 个", files=names)
    return len(names)


async def clean_previous_outputs(
    pool: asyncpg.Pool, storage: Storage, e: ExecutionRecord, steps: list[StepName], log: TaskLog
) -> None:
    """clean_previous, once per execution (a resumed attempt does not clean again)."""
    for step in steps:
        await clean_step_outputs(pool, storage, e.task_id, step, log)
    await executions.set_files_cleaned(pool, e.execution_id)


async def drop_superseded_outputs(
    pool: asyncpg.Pool, storage: Storage, task_id: str, execution_id: str, step: StepName
) -> list[str]:
    """After a step completed: an earlier run's files of that step that this run did not
    rewrite (timestamped names) are superseded; neither listed nor kept."""
    names = await outputs.delete_superseded(pool, task_id, execution_id, step.value)
    await storage.remove(task_id, names)
    return names


async def discard_step_outputs(
    pool: asyncpg.Pool, storage: Storage, task_id: str, execution_id: str, step: StepName
) -> list[str]:
    """After a cancel: what the step wrote in this execution is neither registered nor kept."""
    names = await outputs.delete_for_execution(pool, task_id, execution_id, step.value)
    await storage.remove(task_id, names)
    return names
