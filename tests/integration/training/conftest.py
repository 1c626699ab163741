"""training_load fixtures: settings pointing at the pgvector store, the app pool, a clean store.

training_load never touches the business DB, so these do not depend on the sample DB build."""

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from services.executor.vectors import store
from services.executor.vectors.connection import open_vector_pool
from shared.config import Settings
from shared.db.migrate import apply_migrations
from shared.db.pool import create_pool
from tests.integration.training.fake_embeddings import fake_embeddings

__all__ = ["fake_embeddings"]  # a fixture, re-exported for this folder

REFERENCE_DIR = Path(__file__).resolve().parents[3] / "demo" / "highway_db"


@pytest.fixture(scope="session")
def training_settings(
    app_db_url: str, amqp_url: str, data_root: Path, vector_db_url: str
) -> Settings:
    return Settings(
        database_url=app_db_url,
        amqp_url=amqp_url,
        data_root=data_root,
        vector_database_url=vector_db_url,
    )


@pytest.fixture(scope="session")
async def app_pool(training_settings: Settings) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(training_settings.database_url.get_secret_value())
    async with pool.acquire() as conn:
        await apply_migrations(conn)
    yield pool
    await pool.close()


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


def copy_reference_files(task_dir: Path) -> list[str]:
    """The original system's highway_db outputs, as a finished ddl/qa task dir would hold."""
    task_dir.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in REFERENCE_DIR.iterdir() if p.is_file())
    for name in names:
        shutil.copy(REFERENCE_DIR / name, task_dir / name)
    return names
