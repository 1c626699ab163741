"""ddl_generation fixtures: one step run on the highway sample DB, and a private scratch DB
(edge-case tables, and a place to execute the generated DDL)."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from services.executor.steps import ddl_generation
from shared.config import Settings
from shared.models import StepName
from tests.fakes.llm_server import fake_llm  # noqa: F401  (fixture re-export)
from tests.helpers.databases import RUN_ID, fresh_database
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


@pytest.fixture(scope="module")
async def highway_run(pool: asyncpg.Pool, settings: Settings, business_db_url: str) -> StepRun:
    """The reference task's own table_list.txt, against the sample DB built from the reference."""
    table_list = (REFERENCE_DIR / "table_list.txt").read_text(encoding="utf-8")
    return await run_ddl_step(pool, settings, {"db_name": "highway_db"}, table_list)


@pytest.fixture(scope="session")
async def scratch_db_url(pg_server_url: str) -> AsyncIterator[str]:
    """A database of this test run's own: edge-case tables and executed DDL land here."""
    async with fresh_database(pg_server_url, f"dp_test_ddl_{RUN_ID}") as url:
        yield url
