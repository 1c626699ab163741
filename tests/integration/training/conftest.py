"""training_load fixtures: the session settings (pointing at the pgvector store), the app pool,
a clean store."""

from collections.abc import AsyncIterator

import asyncpg
import pytest

from services.executor.vectors import store
from services.executor.vectors.connection import open_vector_pool
from shared.config import Settings
from tests.integration.training.fake_embeddings import fake_embeddings

__all__ = ["fake_embeddings"]  # a fixture, re-exported for this folder


@pytest.fixture(scope="session")
def training_settings(settings: Settings) -> Settings:
    """The session settings: their vector_database_url is the run's pgvector database."""
    return settings


@pytest.fixture(scope="session")
def app_pool(pool: asyncpg.Pool) -> asyncpg.Pool:
    return pool


@pytest.fixture(scope="session")
async def vector_pool(vector_db_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await open_vector_pool(vector_db_url)
    async with pool.acquire() as conn:
        await store.ensure_schema(conn)
    yield pool
    await pool.close()


@pytest.fixture
async def empty_store(vector_pool: asyncpg.Pool) -> asyncpg.Pool:
    """Every test starts from an empty embedding table (content dedupe spans tasks)."""
    async with vector_pool.acquire() as conn:
        await store.truncate_embeddings(conn)
    return vector_pool
