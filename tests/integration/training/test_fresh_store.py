"""training_load on a vector database that has never held Vanna's tables."""

import uuid

import asyncpg
from pydantic import SecretStr

from tests.helpers.databases import fresh_database
from tests.integration.training.support import reference_pair_count, run_step


async def test_first_load_creates_the_tables(app_pool, training_settings, vector_db_url):
    name = f"dp_fresh_vectors_{uuid.uuid4().hex[:8]}"
    async with fresh_database(vector_db_url, name) as fresh_url:
        fresh = training_settings.model_copy(update={"vector_database_url": SecretStr(fresh_url)})
        _, result = await run_step(app_pool, fresh, backup_vector_tables=True)
        assert result["loaded"]["sql"] == reference_pair_count()
        conn = await asyncpg.connect(fresh_url)
        try:
            assert await conn.fetchval("SELECT count(*) FROM langchain_pg_collection") == 4
        finally:
            await conn.close()
