"""POST /vector/restore and GET /vector/restore/list, through the executor, on real pgvector."""

import csv
import uuid

import pytest

from tests.e2e.vector_support import run_backup, run_restore, seed, snapshot, vector_pool
from tests.helpers import API

__all__ = ["vector_pool"]
pytestmark = pytest.mark.usefixtures("executor")


@pytest.mark.parametrize("truncate_before", [False, True])
async def test_backup_truncate_restore_round_trip(gateway_api, vector_pool, truncate_before):
    rows = await seed(vector_pool)
    before = await snapshot(vector_pool)
    backup = await run_backup(gateway_api, truncate_after=True)
    assert await snapshot(vector_pool) == []

    body = await run_restore(
        gateway_api,
        backup_path=backup["backup_path"],
        timestamp=backup["timestamp"],
        truncate_before_restore=truncate_before,
    )

    assert body["success"], body
    restored = body["data"]["restore_results"]["langchain_pg_embedding"]
    assert restored["rows_in_file"] == restored["rows_restored"] == rows
    assert await snapshot(vector_pool) == before  # row-exact, embeddings equal as text


async def test_conflicts_are_reported_skipped_or_replaced(gateway_api, vector_pool):
    rows = await seed(vector_pool)
    backup = await run_backup(gateway_api)
    where = {"backup_path": backup["backup_path"], "timestamp": backup["timestamp"]}

    refused = await run_restore(gateway_api, **where)
    assert (refused["code"], refused["error_code"]) == (409, "RESTORE_CONFLICT")
    assert refused["data"]["conflicts"] == rows
    skipped = await run_restore(gateway_api, **where, on_conflict="skip")
    assert skipped["data"]["restore_results"]["langchain_pg_embedding"]["rows_skipped"] == rows
    await vector_pool.execute("UPDATE langchain_pg_embedding SET document = 'changed'")
    replaced = await run_restore(gateway_api, **where, on_conflict="replace")
    assert replaced["data"]["restore_results"]["langchain_pg_embedding"]["rows_restored"] == rows
    assert (
        await vector_pool.fetchval(
            "SELECT count(*) FROM langchain_pg_embedding WHERE document = 'changed'"
        )
        == 0
    )


async def test_a_failing_restore_leaves_the_store_as_it_was(gateway_api, vector_pool, settings):
    await seed(vector_pool)
    backup = await run_backup(gateway_api)
    before = await snapshot(vector_pool)
    path = settings.data_root / backup["backup_path"]
    embedding_file = path / f"langchain_pg_embedding_{backup['timestamp']}.csv"
    with embedding_file.open("a", newline="", encoding="utf-8") as f:  # the last row is broken
        csv.writer(f).writerow(["x-ddl", str(uuid.uuid4()), "[not a vector]", "doc", "{}"])

    body = await run_restore(
        gateway_api,
        backup_path=backup["backup_path"],
        timestamp=backup["timestamp"],
        truncate_before_restore=True,
    )

    assert (body["success"], body["error_code"]) == (False, "RESTORE_FAILED"), body
    assert await snapshot(vector_pool) == before  # the truncate was rolled back too


def _original_set(directory, ts, rows):
    """Files as the original system wrote them: other collection uuids, Python-repr cmetadata."""
    directory.mkdir(parents=True, exist_ok=True)
    collections = {name: str(uuid.uuid4()) for name in ("sql", "ddl", "documentation", "error_sql")}
    with (directory / f"langchain_pg_collection_{ts}.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["uuid", "name", "cmetadata"])
        writer.writerows([u, name, ""] for name, u in collections.items())
    with (directory / f"langchain_pg_embedding_{ts}.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "collection_id", "embedding", "document", "cmetadata"])
        for i in range(rows):
            row_id = f"{uuid.uuid4()}-sql"
            meta = repr({"id": row_id, "createdat": None})  # {'id': '...', 'createdat': None}
            vector = "[" + ",".join(["0.5", "0.5"] + ["0"] * 1022) + "]"
            document = f'{{"question": "问题{i}", "sql": "SELECT {i}"}}'
            writer.writerow([row_id, collections["sql"], vector, document, meta])


async def test_a_set_in_the_original_format_restores(gateway_api, vector_pool, settings):
    await seed(vector_pool)
    await vector_pool.execute("TRUNCATE langchain_pg_embedding")
    _original_set(settings.data_root / "vector_bak", "20250721_203000", rows=3)

    body = await run_restore(gateway_api, backup_path="vector_bak", timestamp="20250721_203000")

    assert body["success"], body
    rows = await vector_pool.fetch(
        "SELECT e.cmetadata, c.name FROM langchain_pg_embedding e"
        " JOIN langchain_pg_collection c ON c.uuid = e.collection_id"
    )
    assert len(rows) == 3
    assert {r["name"] for r in rows} == {"sql"}  # remapped to the store's own collection
    assert all(r["cmetadata"]["createdat"] is None for r in rows)  # real JSON now


async def test_backup_path_outside_the_data_root_is_refused(gateway_api, tmp_path):
    body = await run_restore(gateway_api, backup_path=str(tmp_path), timestamp="20250721_203000")
    assert (body["code"], body["error_code"]) == (400, "INVALID_PATH")
    body = await run_restore(gateway_api, backup_path="../..", timestamp="20250721_203000")
    assert body["error_code"] == "INVALID_PATH"


async def test_list_shows_sets_with_sizes_counts_and_dates(gateway_api, vector_pool):
    rows = await seed(vector_pool)
    backup = await run_backup(gateway_api)
    response = await gateway_api.get(f"{API}/vector/restore/list", params={"global_only": "true"})
    body = await response.json()
    assert response.status == 200
    [location] = body["data"]["backup_locations"]
    assert (location["type"], location["relative_path"]) == ("global", "vector_bak")
    found = next(b for b in location["backups"] if b["timestamp"] == backup["timestamp"])
    assert found["embedding_rows"] == rows
    assert found["embedding_size"] > 0
    assert found["has_log"] is True
    assert found["backup_date"][:4] == backup["timestamp"][:4]
