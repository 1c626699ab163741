"""A richer second schema (tests/integration/retail/schema.sql) through the whole pipeline."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from services.executor.llm import build_llm
from services.executor.steps import ddl_generation, qa_generation, sql_validation
from shared.config import Settings
from shared.models import StepName
from tests.helpers import new_task_id
from tests.helpers.databases import RUN_ID, fresh_database
from tests.steps_support import step_context

SCHEMA = Path(__file__).with_name("schema.sql")
TABLES = ["shop.customers", "shop.categories", "shop.products", "shop.orders",
          "shop.order_items", "ops.shipments", "shop.v_customer_revenue"]  # fmt: skip


@dataclass(frozen=True)
class RetailRun:
    dsn: str
    task_dir: Path
    ddl: dict[str, Any]
    qa: dict[str, Any]
    validation: dict[str, Any]

    def text(self, name: str) -> str:
        return (self.task_dir / name).read_text("utf-8")


@pytest.fixture(scope="session")
async def retail_db_url(pg_server_url: str) -> AsyncIterator[str]:
    async with fresh_database(pg_server_url, f"dp_test_retail_{RUN_ID}") as url:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(await asyncio.to_thread(SCHEMA.read_text, "utf-8"))
        finally:
            await conn.close()
        yield url


@pytest.fixture(scope="session")
async def empty_db_url(pg_server_url: str) -> AsyncIterator[str]:
    async with fresh_database(pg_server_url, f"dp_test_empty_{RUN_ID}") as url:
        yield url


async def _step(pool, settings, step, params, task_id, run):
    async with step_context(pool, settings, step, params, task_id=task_id) as ctx:
        if step is StepName.ddl_generation:
            await ctx.storage.write_text(ctx.task_id, "table_list.txt", "\n".join(TABLES))
        return await run(ctx)


@pytest.fixture(scope="package")
async def retail_run(pool: asyncpg.Pool, settings: Settings, retail_db_url: str) -> RetailRun:
    params = {
        "db_connection": retail_db_url,
        "db_name": "retail",
        "business_context": "电商零售系统",
    }
    task_id = new_task_id()
    ddl = await _step(pool, settings, StepName.ddl_generation, params, task_id, ddl_generation.run)

    async def qa(ctx: Any) -> Any:
        return await qa_generation.generate(ctx, build_llm(settings))

    generated = await _step(pool, settings, StepName.qa_generation, params, task_id, qa)
    checked = await _step(
        pool, settings, StepName.sql_validation, params, task_id, sql_validation.run
    )
    return RetailRun(retail_db_url, settings.data_root / task_id, ddl, generated, checked)
