"""Fault-test fixtures: a private PostgreSQL and RabbitMQ node for this package, so a test can
stop, kill and restart them; each test gets its own app database, namespace and data root on
them (business and vector databases are the session's)."""

import itertools
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.faults.private_rabbit import PrivateRabbit
from tests.faults.servers import PrivatePostgres, available
from tests.helpers.databases import fresh_database

if (missing := available()) is not None:
    pytest.skip(f"private servers unavailable: {missing}", allow_module_level=True)

_numbers = itertools.count(1)


@pytest.fixture(scope="package")
def fault_root() -> Iterator[Path]:
    # Not pytest's basetemp (0700, root's): the servers run as their own users; short for sockets.
    root = Path(tempfile.mkdtemp(prefix="dpf_"))
    root.chmod(0o755)  # the servers' users traverse it to their own 0700 directories
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="package")
async def private_pg(fault_root: Path) -> AsyncIterator[PrivatePostgres]:
    server = PrivatePostgres(fault_root / "pg")
    await server.init()
    await server.start()
    yield server
    await server.destroy()


@pytest.fixture(scope="package")
async def private_rabbit(fault_root: Path) -> AsyncIterator[PrivateRabbit]:
    server = PrivateRabbit(fault_root / "rabbit")
    await server.init()
    await server.start()
    yield server
    await server.destroy()


@pytest.fixture
async def fault_env(
    private_pg: PrivatePostgres,
    private_rabbit: PrivateRabbit,
    fault_root: Path,
    business_db_url: str,
    vector_db_url: str,
) -> AsyncIterator[dict[str, str]]:
    """DP_* settings of one test's deployment on the private servers."""
    n = next(_numbers)
    data_root = fault_root / f"data{n}"
    async with fresh_database(private_pg.url, f"dp_fault_{n}") as app_url:
        yield {
            "DP_DATABASE_URL": app_url,
            "DP_AMQP_URL": private_rabbit.url,
            "DP_AMQP_NAMESPACE": f"dp_fault_{n}",
            "DP_DATA_ROOT": str(data_root),
            "DP_BUSINESS_DATABASE_URL": business_db_url,
            "DP_VECTOR_DATABASE_URL": vector_db_url,
        }
