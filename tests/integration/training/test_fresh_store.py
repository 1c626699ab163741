"""training_load on a vector database that has never held Vanna's tables."""

import uuid
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from pydantic import SecretStr

from tests.integration.training.test_training_load import reference_pair_count, run_step


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


async def test_first_load_creates_the_tables(app_pool, training_settings, vector_db_url):
    name = f"dp_fresh_vectors_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(vector_db_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    fresh_url = _with_database(vector_db_url, name)
    try:
        fresh = training_settings.model_copy(update={"vector_database_url": SecretStr(fresh_url)})
        _, result = await run_step(app_pool, fresh, backup_vector_tables=True)
        assert result["loaded"]["sql"] == reference_pair_count()
        conn = await asyncpg.connect(fresh_url)
        try:
            assert await conn.fetchval("SELECT count(*) FROM langchain_pg_collection") == 4
        finally:
            await conn.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
