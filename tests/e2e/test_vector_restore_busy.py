"""A restore while the vector store is busy: refused, or followed on its command."""

import pytest

from services.executor.vectors import lock
from tests.e2e.vector_support import finished, post, run_backup, run_restore, seed, vector_pool
from tests.helpers import wait_until

__all__ = ["vector_pool"]
pytestmark = pytest.mark.usefixtures("executor")


async def test_restore_while_another_operation_runs_is_refused(gateway_api, vector_pool):
    await seed(vector_pool)
    backup = await run_backup(gateway_api)
    async with lock.exclusive(vector_pool, "backup held-by-test"):
        body = await run_restore(
            gateway_api, backup_path=backup["backup_path"], timestamp=backup["timestamp"]
        )
    assert (body["code"], body["error_code"]) == (409, "VECTOR_BUSY")


async def test_progress_shows_on_the_command_while_a_restore_runs(gateway_api, vector_pool):
    rows = await seed(vector_pool)
    backup = await run_backup(gateway_api)
    await vector_pool.execute("TRUNCATE langchain_pg_embedding")
    async with vector_pool.acquire() as conn:
        held = conn.transaction()
        await held.start()
        # SHARE blocks the restore's INSERT into the table, nothing before it.
        await conn.execute("LOCK TABLE langchain_pg_embedding IN SHARE MODE")
        status, body = await post(
            gateway_api,
            "/vector/restore",
            {"backup_path": backup["backup_path"], "timestamp": backup["timestamp"]},
        )
        assert status == 202, body
        url = body["data"]["status_url"]

        async def mid_restore():
            data = (await (await gateway_api.get(url)).json())["data"]
            return (
                data if (data["progress"] or {}).get("phase") == "langchain_pg_embedding" else None
            )

        running = await wait_until(mid_restore, timeout=60)
        assert (running["status"], running["progress"]["percent"]) == ("processing", 50)
        await held.rollback()
    final = await finished(gateway_api, status, body)
    assert final["data"]["restore_results"]["langchain_pg_embedding"]["rows_restored"] == rows
    done = (await (await gateway_api.get(url)).json())["data"]
    assert done["progress"] == {"percent": 100, "phase": "completed"}


async def test_a_second_restore_while_the_first_runs_is_refused(gateway_api, vector_pool):
    """Two real operations: the first restore is held mid-way (a SHARE lock on the table blocks
    its INSERT), the second one, and a backup, are refused naming it; the first then finishes."""
    rows = await seed(vector_pool)
    backup = await run_backup(gateway_api)
    await vector_pool.execute("TRUNCATE langchain_pg_embedding")
    where = {"backup_path": backup["backup_path"], "timestamp": backup["timestamp"]}
    async with vector_pool.acquire() as conn:
        held = conn.transaction()
        await held.start()
        await conn.execute("LOCK TABLE langchain_pg_embedding IN SHARE MODE")
        status, first = await post(gateway_api, "/vector/restore", where)
        assert status == 202, first

        second = await run_restore(gateway_api, **where)
        backup_too = await finished(gateway_api, *await post(gateway_api, "/vector/backup", {}))
        await held.rollback()
    assert (second["code"], second["error_code"]) == (409, "VECTOR_BUSY")
    assert second["data"]["running"].startswith(f"restore vector_bak {backup['timestamp']}")
    assert backup_too["error_code"] == "VECTOR_BUSY"
    done = await finished(gateway_api, status, first)
    assert done["data"]["restore_results"]["langchain_pg_embedding"]["rows_restored"] == rows
