"""training_load test support: the step run on a copy of the reference highway_db outputs, and
the rows it loaded."""

import json
import shutil
from pathlib import Path
from typing import Any

import asyncpg

from services.executor.steps import training_load
from shared.config import Settings
from shared.models import StepName
from tests.integration.ddl.support import REFERENCE_DIR
from tests.steps_support import step_context

PARAMS = {"db_name": "highway_db", "business_context": "高速公路服务区管理系统"}


PAIR_FILE = "qs_highway_db_20250721_203452_pair.json"


def reference_pair_count() -> int:
    return len(json.loads((REFERENCE_DIR / PAIR_FILE).read_text("utf-8")))


async def run_step(
    pool: asyncpg.Pool, settings: Settings, task_id: str | None = None, **options: Any
) -> tuple[str, dict[str, Any]]:
    async with step_context(
        pool, settings, StepName.training_load, PARAMS, task_id=task_id, options=options
    ) as ctx:
        if task_id is None:
            copy_reference_files(ctx.storage.task_dir(ctx.task_id))
        return ctx.task_id, await training_load.run(ctx)


async def rows_of(vector_pool: asyncpg.Pool, task_id: str) -> list[asyncpg.Record]:
    return await vector_pool.fetch(
        "SELECT e.id, e.document, e.cmetadata, c.name AS collection"
        " FROM langchain_pg_embedding e JOIN langchain_pg_collection c ON c.uuid = e.collection_id"
        " WHERE e.cmetadata->>'task_id' = $1",
        task_id,
    )


def copy_reference_files(task_dir: Path) -> list[str]:
    """The original system's highway_db outputs, as a finished ddl/qa task dir would hold."""
    task_dir.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in REFERENCE_DIR.iterdir() if p.is_file())
    for name in names:
        shutil.copy(REFERENCE_DIR / name, task_dir / name)
    return names
