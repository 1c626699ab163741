"""ddl_generation fixtures: one step run on the highway sample DB, and a private scratch DB
(edge-case tables, and a place to execute the generated DDL)."""

from collections.abc import AsyncIterator

import asyncpg
import pytest

from shared.config import Settings
from tests.fakes.llm_server import fake_llm  # noqa: F401  (fixture re-export)
from tests.helpers.databases import RUN_ID, fresh_database
from tests.integration.ddl.support import REFERENCE_DIR, StepRun, run_ddl_step


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
