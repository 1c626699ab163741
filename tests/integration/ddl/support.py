"""ddl_generation test support: the step run directly on a task, and what it wrote."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from services.executor.steps import ddl_generation
from shared.config import Settings
from shared.models import StepName
from tests.steps_support import step_context

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "demo" / "highway_db"


HIGHWAY_TABLES = sorted(p.stem for p in REFERENCE_DIR.glob("*.ddl"))


@dataclass(frozen=True)
class StepRun:
    task_id: str
    task_dir: Path
    result: dict[str, Any]

    def text(self, name: str) -> str:
        return (self.task_dir / name).read_text(encoding="utf-8")


async def run_ddl_step(
    pool: asyncpg.Pool, settings: Settings, params: dict[str, Any], table_list: str | None = None
) -> StepRun:
    """Runs the step directly; `table_list` is written as the task's uploaded table_list.txt."""
    async with step_context(pool, settings, StepName.ddl_generation, params) as ctx:
        task_dir = ctx.storage.task_dir(ctx.task_id)
        if table_list is not None:
            await ctx.storage.write_text(ctx.task_id, "table_list.txt", table_list)
        result = await ddl_generation.run(ctx)
    return StepRun(ctx.task_id, task_dir, result)
