"""Session fixtures: real PostgreSQL and RabbitMQ (env URL, else the local service, else
testcontainers), one fresh app database, one AMQP namespace and one data root per run."""

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import aio_pika
import asyncpg
import pytest

from shared.broker import Publisher
from shared.config import Settings
from shared.db.pool import open_app_pool
from shared.topology import Topology
from tests.helpers.broker import delete_topology
from tests.helpers.databases import RUN_ID, fresh_database, server_has_vector, with_database

LOCAL_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
LOCAL_AMQP = "amqp://guest:guest@127.0.0.1:5672/"
HIGHWAY_TEST_DB = "dp_test_highway_db"


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 0), 1.0):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    url = os.environ.get("DP_TEST_PG_URL") or (LOCAL_PG if _reachable(LOCAL_PG) else None)
    if url:
        yield url
        return
    from testcontainers.postgres import PostgresContainer

    with PostgresContainer("pgvector/pgvector:pg16", driver=None) as pg:
        yield pg.get_connection_url()


@pytest.fixture(scope="session")
def amqp_url() -> Iterator[str]:
    url = os.environ.get("DP_TEST_AMQP_URL") or (LOCAL_AMQP if _reachable(LOCAL_AMQP) else None)
    if url:
        yield url
        return
    from testcontainers.rabbitmq import RabbitMqContainer

    with RabbitMqContainer("rabbitmq:3.13-management") as mq:
        params = mq.get_connection_params()
        yield f"amqp://guest:guest@{params.host}:{params.port}/"


@pytest.fixture(scope="session")
async def app_db_url(pg_server_url: str) -> AsyncIterator[str]:
    async with fresh_database(pg_server_url, f"dp_test_{RUN_ID}") as url:
        yield url


@pytest.fixture(scope="session")
async def business_db_url(pg_server_url: str) -> str:
    """The highway sample database, built once (the builder is idempotent)."""
    from demo.highway_db import build

    url = with_database(pg_server_url, HIGHWAY_TEST_DB)
    await build(url, create_database=True)
    return url


@pytest.fixture(scope="session")
def data_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("training_data")


@pytest.fixture(scope="session")
def settings(
    app_db_url: str, amqp_url: str, data_root: Path, business_db_url: str, vector_db_url: str
) -> Settings:
    return Settings(
        vector_database_url=vector_db_url,
        database_url=app_db_url,
        amqp_url=amqp_url,
        amqp_namespace=f"dp_test_{RUN_ID}",
        data_root=data_root,
        business_database_url=business_db_url,
        secret_key_file=data_root.parent / "secret.key",
        table_list_dir=data_root.parent / "table_lists",
        heartbeat_seconds=0.5,
        lost_after_seconds=3,
        outbox_relay_seconds=0.5,
        janitor_interval_seconds=0.5,
        delete_wait_seconds=10,
    )


@pytest.fixture(scope="session")
async def pool(settings: Settings) -> AsyncIterator[asyncpg.Pool]:
    async with open_app_pool(settings, patient=False) as pool:
        yield pool


@pytest.fixture(scope="session")
async def publisher(settings: Settings, amqp: aio_pika.abc.AbstractRobustConnection) -> Publisher:
    """The one publisher of the tests: publishes like another service would on the run's
    namespace; opening it declares the topology."""
    return await Publisher.open(amqp, Topology(settings.amqp_namespace))


@pytest.fixture(scope="session")
async def amqp(settings: Settings) -> AsyncIterator[aio_pika.abc.AbstractRobustConnection]:
    connection = await aio_pika.connect_robust(settings.amqp_url.get_secret_value())
    yield connection
    await delete_topology(connection, Topology(settings.amqp_namespace))
    await connection.close()


# --- pgvector store (training_load): DP_TEST_VECTOR_URL, else the local server if it has
# pgvector, else an embedded pgserver ---------------------------------------------------


@pytest.fixture(scope="session")
async def vector_db_url(pg_server_url: str) -> AsyncIterator[str]:
    """A database with the `vector` extension, private to this run (tests truncate it)."""
    import shutil
    import tempfile

    from demo.pgvector_server import enable_vector, start_embedded_server, stop_embedded_server

    if url := os.environ.get("DP_TEST_VECTOR_URL"):
        yield url
        return
    if await server_has_vector(pg_server_url):
        async with fresh_database(pg_server_url, f"dp_test_vec_{RUN_ID}") as url:
            assert await enable_vector(url)
            yield url
        return
    # Not under pytest's basetemp: as root, pgserver opens the directories above its data dir
    # to its `pgserver` user, and another pytest session re-tightening basetemp would lock
    # the running server out. A short path also keeps the unix socket path valid.
    root = Path(tempfile.mkdtemp(prefix="dp_pgvector_"))
    try:
        url = await asyncio.to_thread(start_embedded_server, root / "data")
        assert await enable_vector(url)
        yield url
    finally:
        await asyncio.to_thread(stop_embedded_server, root / "data")
        await asyncio.to_thread(shutil.rmtree, root, True)
