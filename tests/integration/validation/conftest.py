"""sql_validation fixtures: a task holding the highway schema files (ddl_generation's output)."""

import asyncpg
import pytest

from shared.config import Settings
from tests.helpers import new_task_id
from tests.integration.qa.support import prepare_schema_files, qa_params


@pytest.fixture
async def schema_task(pool: asyncpg.Pool, settings: Settings, business_db_url: str) -> str:
    task_id = new_task_id()
    await prepare_schema_files(pool, settings, task_id, qa_params(business_db_url))
    return task_id
