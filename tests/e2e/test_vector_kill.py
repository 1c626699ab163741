"""Kill -9 a real executor in the middle of a restore: nothing of it stays in the store, the
lock is free again, and the redelivered command then restores everything."""

import csv
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from services.executor.vectors import lock
from shared.broker import Publisher
from shared.db import commands
from shared.messages import RestoreVectors
from shared.vector_payloads import VectorRestorePayload
from tests.e2e.vector_support import finished, post, seed, snapshot, vector_pool
from tests.helpers import wait_until
from tests.helpers.broker import private_publisher
from tests.helpers.services import executor_env, executor_process

__all__ = ["vector_pool"]
pytestmark = pytest.mark.usefixtures("executor")


def _namespace(settings):
    return f"{settings.amqp_namespace}_vkill"


@pytest.fixture(scope="module")
async def kill_publisher(settings, amqp) -> AsyncIterator[Publisher]:
    async with private_publisher(amqp, _namespace(settings)) as publisher:
        yield publisher


async def _waiting_on_a_lock(vector_db_url):
    conn = await asyncpg.connect(vector_db_url)  # its own snapshot of pg_stat_activity
    try:
        return await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    finally:
        await conn.close()


async def _lock_free(pool):
    try:
        async with lock.exclusive(pool, "probe"):
            return True
    except Exception:
        return False


def _add_collection(directory, ts):
    """A fifth collection in the set: the restore writes it before it gets to the embeddings."""
    with (directory / f"langchain_pg_collection_{ts}.csv").open("a", newline="") as f:
        # "\n" as COPY wrote the rest: PostgreSQL refuses mixed line endings.
        csv.writer(f, lineterminator="\n").writerow([str(uuid.uuid4()), "custom", ""])
    (directory / f"vector_backup_{ts}.json").unlink()  # its counts no longer hold


@pytest.fixture
async def custom_collection_dropped(vector_pool):
    """The store is shared by the whole run: later tests expect Vanna's four collections only."""
    yield
    await vector_pool.execute("DELETE FROM langchain_pg_collection WHERE name = 'custom'")


async def _collections(pool):
    return {r["name"] for r in await pool.fetch("SELECT name FROM langchain_pg_collection")}


@pytest.mark.usefixtures("custom_collection_dropped")
async def test_a_killed_restore_leaves_nothing_and_reruns(
    gateway_api, vector_pool, settings, vector_db_url, kill_publisher, pool, tmp_path
):
    rows = await seed(vector_pool)
    backup = (await finished(gateway_api, *await post(gateway_api, "/vector/backup", {})))["data"]
    _add_collection(settings.data_root / backup["backup_path"], backup["timestamp"])
    await vector_pool.execute("DELETE FROM langchain_pg_embedding WHERE id < 'm'")
    before = await snapshot(vector_pool)
    env = {
        **executor_env(
            settings, settings.business_database_url.get_secret_value(), _namespace(settings)
        ),
        "DP_VECTOR_DATABASE_URL": vector_db_url,
    }
    payload = VectorRestorePayload(
        backup_path=backup["backup_path"], timestamp=backup["timestamp"], on_conflict="replace"
    )
    command = RestoreVectors(payload=payload)
    async with vector_pool.acquire() as conn:
        held = conn.transaction()
        await held.start()
        await conn.execute("LOCK TABLE langchain_pg_embedding IN SHARE MODE")  # blocks its INSERT
        async with executor_process(env, tmp_path / "executor1.log") as first:
            await kill_publisher.command(command, "vector.restore")
            await wait_until(lambda: _waiting_on_a_lock(vector_db_url), timeout=60)
            first.kill()  # SIGKILL mid-transaction: the collections merge is already written
            await first.wait()
        await held.rollback()

    await wait_until(lambda: _lock_free(vector_pool), timeout=30)
    assert await snapshot(vector_pool) == before  # nothing half-written
    assert "custom" not in await _collections(vector_pool)
    async with executor_process(env, tmp_path / "executor2.log"):
        done = await wait_until(
            lambda: _final(pool, str(command.command_id)), timeout=120, interval=0.2
        )
    assert done.result["success"], done.result
    assert len(await snapshot(vector_pool)) == rows
    assert "custom" in await _collections(vector_pool)


async def _final(pool, command_id):
    record = await commands.get(pool, command_id)
    return record if record and record.status in ("completed", "failed", "rejected") else None
