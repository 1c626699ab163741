"""training_data create/update/delete/upload/combine and a task's removal, through the executor."""

import aiohttp
import pytest

from services.executor.vectors import lock
from tests.e2e.vector_support import REFERENCE, finished, seed, vector_pool

__all__ = ["vector_pool"]
pytestmark = pytest.mark.usefixtures("executor")
TRAINING = "/api/v0/training_data"
SEED_TASK = "task_20250721_202929"


async def _call(api, method, path, **kwargs):
    response = await api.request(method, f"{TRAINING}{path}", **kwargs)
    body = await response.json()
    return response.status, await finished(api, response.status, body)


async def _count(pool, where="TRUE", *args):
    return await pool.fetchval(f"SELECT count(*) FROM langchain_pg_embedding WHERE {where}", *args)


async def test_create_partial_success_is_207_with_per_item_results(gateway_api, vector_pool):
    await seed(vector_pool)
    items = [
        {
            "training_data_type": "sql",
            "question": "服务区总数?",
            "sql": "SELECT count(*) FROM bss_service_area",
        },
        {"training_data_type": "ddl", "content": ""},  # nothing to store
        {"training_data_type": "documentation", "content": "## 说明\n服务区按片区管理"},
    ]
    status, body = await _call(gateway_api, "POST", "/create", json={"items": items})
    assert status == 207, body
    results = body["data"]["results"]
    assert [r["success"] for r in results] == [True, False, True]
    created = await vector_pool.fetchrow(
        "SELECT cmetadata FROM langchain_pg_embedding WHERE id = $1", results[0]["id"]
    )
    assert created["cmetadata"]["step"] == "api.create"  # provenance
    assert created["cmetadata"]["task_id"] is None


async def test_create_over_50_items_is_refused(gateway_api):
    items = [{"training_data_type": "ddl", "content": f"CREATE TABLE t{i} ()"} for i in range(51)]
    status, body = await _call(gateway_api, "POST", "/create", json={"items": items})
    assert (status, body["error_code"]) == (400, "VALIDATION_ERROR")


async def test_update_replaces_and_delete_needs_confirm(gateway_api, vector_pool):
    await seed(vector_pool)
    old = await vector_pool.fetchval("SELECT id FROM langchain_pg_embedding ORDER BY id LIMIT 1")
    body = {"id": old, "training_data_type": "ddl", "content": "CREATE TABLE t_new (id int)"}
    status, updated = await _call(gateway_api, "POST", "/update", json=body)
    assert status == 200, updated
    new = updated["data"]["new_id"]
    assert await _count(vector_pool, "id = $1", old) == 0
    assert await _count(vector_pool, "id = $1", new) == 1

    status, refused = await _call(gateway_api, "POST", "/delete", json={"ids": [new]})
    assert (status, refused["error_code"]) == (400, "CONFIRM_REQUIRED")
    status, deleted = await _call(
        gateway_api, "POST", "/delete", json={"ids": [new, "missing-id"], "confirm": True}
    )
    assert deleted["data"]["deleted_ids"] == [new]
    assert deleted["data"]["not_found_ids"] == ["missing-id"]


async def test_update_of_an_unknown_id_is_404(gateway_api):
    body = {"id": "nope-ddl", "training_data_type": "ddl", "content": "CREATE TABLE x ()"}
    status, answer = await _call(gateway_api, "POST", "/update", json=body)
    assert (status, answer["error_code"]) == (404, "TRAINING_DATA_NOT_FOUND")


async def test_upload_uses_the_step_loaders_and_skips_known_content(gateway_api, vector_pool):
    await vector_pool.execute("TRUNCATE langchain_pg_embedding")
    ddl = (REFERENCE / "bss_company.ddl").read_bytes()

    async def upload():
        form = aiohttp.FormData()
        form.add_field("file", ddl, filename="bss_company.ddl")
        return await _call(gateway_api, "POST", "/upload", data=form)

    status, first = await upload()
    assert status == 200, first
    assert first["data"]["loaded"] == first["data"]["documents"] >= 1
    status, second = await upload()
    assert second["data"]["loaded"] == 0
    row = await vector_pool.fetchrow("SELECT cmetadata FROM langchain_pg_embedding LIMIT 1")
    assert (row["cmetadata"]["source_file"], row["cmetadata"]["step"]) == (
        "bss_company.ddl",
        "api.upload",
    )


async def test_combine_is_a_dry_run_by_default(gateway_api, vector_pool):
    await seed(vector_pool)
    dup = await vector_pool.fetchrow("SELECT * FROM langchain_pg_embedding ORDER BY id LIMIT 1")
    await vector_pool.execute(
        "INSERT INTO langchain_pg_embedding SELECT id || '-copy', collection_id, embedding,"
        " document, cmetadata FROM langchain_pg_embedding WHERE id = $1",
        dup["id"],
    )
    total = await _count(vector_pool)
    status, dry = await _call(gateway_api, "POST", "/combine", json={})
    assert status == 200
    assert dry["data"]["duplicates_found"] == 1
    assert await _count(vector_pool) == total
    _status, done = await _call(gateway_api, "POST", "/combine", json={"dry_run": False})
    assert done["data"]["deleted_count"] == 1
    assert await _count(vector_pool) == total - 1
    assert await _count(vector_pool, "id = $1", dup["id"]) == 1  # keep=first keeps the lower id


async def test_a_tasks_documents_are_removed_with_confirm(gateway_api, vector_pool):
    rows = await seed(vector_pool, task_id=SEED_TASK)
    status, refused = await _call(gateway_api, "DELETE", f"/tasks/{SEED_TASK}")
    assert (status, refused["error_code"]) == (400, "CONFIRM_REQUIRED")
    _status, body = await _call(
        gateway_api, "DELETE", f"/tasks/{SEED_TASK}", json={"confirm": True}
    )
    assert body["data"]["deleted_count"] == rows
    assert await _count(vector_pool) == 0


async def test_writes_wait_for_no_one_while_a_restore_runs(gateway_api, vector_pool):
    await seed(vector_pool)
    async with lock.exclusive(vector_pool, "restore held-by-test"):
        status, body = await _call(
            gateway_api, "POST", "/delete", json={"ids": ["x"], "confirm": True}
        )
    assert (status, body["error_code"]) == (409, "VECTOR_BUSY")


async def test_a_nul_character_is_a_clear_400(gateway_api):
    item = {"training_data_type": "ddl", "content": "CREATE TABLE t (a int);\x00"}
    status, body = await _call(gateway_api, "POST", "/create", json={"items": [item]})
    assert (status, body["error_code"]) == (400, "VALIDATION_ERROR")
