"""POST /vector/backup through the gateway, RabbitMQ and the executor, on the real pgvector DB."""

import csv
import json

import pytest

from services.executor.vectors import lock
from tests.e2e.vector_support import finished, post, seed, vector_pool
from tests.helpers import API
from tests.helpers.tasks import make_task

__all__ = ["vector_pool"]
pytestmark = pytest.mark.usefixtures("executor")
TABLES = ("langchain_pg_collection", "langchain_pg_embedding")


async def test_global_backup_writes_the_original_layout(gateway_api, vector_pool, settings):
    rows = await seed(vector_pool)

    body = await finished(gateway_api, *await post(gateway_api, "/vector/backup", {}))

    assert body["success"] is True, body
    data = body["data"]
    assert data["backup_path"] == "vector_bak"
    directory = settings.data_root / "vector_bak"
    assert data["tables_backed_up"]["langchain_pg_embedding"]["row_count"] == rows
    ts = data["timestamp"]
    with (directory / f"langchain_pg_embedding_{ts}.csv").open(newline="", encoding="utf-8") as f:
        records = list(csv.DictReader(f))
    assert len(records) == rows
    assert records[0].keys() == {"id", "collection_id", "embedding", "document", "cmetadata"}
    assert records[0]["embedding"].startswith("[")
    assert len(json.loads(records[0]["embedding"])) == 1024
    assert json.loads(records[0]["cmetadata"])["id"] == records[0]["id"]  # real JSON
    log = (directory / "vector_backup_log.txt").read_text("utf-8")
    assert log.startswith("=== Vector Table Backup Log ===")
    assert f"langchain_pg_embedding: {rows} rows" in log
    manifest = json.loads((directory / f"vector_backup_{ts}.json").read_text("utf-8"))
    assert manifest["tables"]["langchain_pg_embedding"]["row_count"] == rows
    assert f"Duration: {data['duration']:.2f}s" in log


async def test_backup_then_truncate(gateway_api, vector_pool):
    rows = await seed(vector_pool)
    status, body = await post(gateway_api, "/vector/backup", {"truncate_after": True})
    body = await finished(gateway_api, status, body)
    assert (body["data"]["truncate_performed"], body["data"]["truncated_rows"]) == (True, rows)
    assert await vector_pool.fetchval("SELECT count(*) FROM langchain_pg_embedding") == 0


async def test_backup_while_another_operation_runs_is_refused(gateway_api, vector_pool):
    await seed(vector_pool)
    async with lock.exclusive(vector_pool, "restore held-by-test"):
        status, body = await post(gateway_api, "/vector/backup", {"truncate_after": True})
        body = await finished(gateway_api, status, body)
    assert (body["code"], body["error_code"]) == (409, "VECTOR_BUSY")
    assert body["data"]["running"] == "restore held-by-test"
    assert "restore held-by-test" in body["message"]
    assert await vector_pool.fetchval("SELECT count(*) FROM langchain_pg_embedding") > 0


async def test_backup_of_an_unknown_task_is_404(gateway_api):
    status, body = await post(gateway_api, "/vector/backup", {"task_id": "task_20000101_000000"})
    assert (status, body["error_code"]) == (404, "TASK_NOT_FOUND")


async def test_backup_refuses_a_dsn_in_the_body(gateway_api):
    status, body = await post(gateway_api, "/vector/backup", {"db_connection": "postgresql://x"})
    assert (status, body["error_code"]) == (400, "VALIDATION_ERROR")


async def test_a_tasks_backup_lands_in_its_directory_and_restores_from_there(
    gateway_api, vector_pool, pool, settings
):
    rows = await seed(vector_pool)
    task_id = await make_task(pool, settings.data_root)

    body = await finished(
        gateway_api, *await post(gateway_api, "/vector/backup", {"task_id": task_id})
    )

    assert body["data"]["backup_path"] == f"{task_id}/vector_bak"
    listed = await gateway_api.get(f"{API}/vector/restore/list", params={"task_id": task_id})
    [location] = [
        loc for loc in (await listed.json())["data"]["backup_locations"] if loc["type"] == "task"
    ]
    assert location["backups"][0]["embedding_rows"] == rows
    restored = await finished(
        gateway_api,
        *await post(
            gateway_api,
            "/vector/restore",
            {
                "backup_path": f"{task_id}/vector_bak",
                "timestamp": body["data"]["timestamp"],
                "truncate_before_restore": True,
            },
        ),
    )
    assert restored["data"]["restore_results"]["langchain_pg_embedding"]["rows_restored"] == rows
