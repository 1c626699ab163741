"""The console's RPC reads and pair review through HTTP, RabbitMQ and the real executor: the
table inspector, pairs with verdicts, an edit re-validated at once (If-Match), reviews, and
require_review loading only approved pairs."""

import json

import pytest

from tests.helpers import API, wait_until
from tests.helpers.api import json_of, settled

pytestmark = pytest.mark.usefixtures("executor")
DATABASE = "/api/v0/database"
TABLES = ["bss_company", "bss_service_area"]


async def test_the_inspector_lists_tables_with_kinds_comments_and_estimates(gateway_api):
    body = await json_of(await gateway_api.post(f"{DATABASE}/tables", json={}), 200)
    tables = {f"{t['schema']}.{t['name']}": t for t in body["data"]["tables"]}
    company = tables["public.bss_company"]
    assert company["kind"] == "table"
    assert company["comment"]
    assert company["estimated_rows"] is None or company["estimated_rows"] >= 0
    narrowed = await gateway_api.post(
        f"{DATABASE}/tables", json={"schema": "public", "table_name_pattern": "bss_service%"}
    )
    names = [t["name"] for t in (await json_of(narrowed, 200))["data"]["tables"]]
    assert names
    assert all(n.startswith("bss_service") for n in names)


async def test_table_ddl_renders_what_the_step_writes_without_writing(gateway_api, settings):
    before = sorted(p.name for p in settings.data_root.rglob("*"))
    response = await gateway_api.post(
        f"{DATABASE}/table/ddl", json={"table": "bss_company", "type": "both"}
    )
    data = (await json_of(response, 200))["data"]
    assert data["ddl"].startswith("-- 中文名")
    assert "create table public.bss_company" in data["ddl"]
    assert data["md"].startswith("## bss_company")
    assert sorted(p.name for p in settings.data_root.rglob("*")) == before
    missing = await gateway_api.post(f"{DATABASE}/table/ddl", json={"table": "no_such_table"})
    assert (await json_of(missing, 404))["error_code"] == "TABLE_NOT_FOUND"


async def test_the_inspector_obeys_the_allow_list(gateway_api, settings):
    app_db = settings.database_url.get_secret_value()
    response = await gateway_api.post(f"{DATABASE}/tables", json={"db_connection": app_db})
    assert (await json_of(response, 400))["error_code"] == "DATABASE_NOT_ALLOWED"


async def _task_with_pairs(api, **options):
    body = {
        "task_type": "data_workflow",
        "db_name": "highway_db",
        "table_list": TABLES,
        "enable_training_data_load": False,
        **options,
    }
    started = await json_of(await api.post(f"{API}/tasks/execute-complete", json=body), 202)
    task_id = started["data"]["task_id"]
    task = await wait_until(lambda: settled(api, task_id), timeout=120)
    assert task["status"] == "completed", task
    return task_id


async def test_pairs_edit_revalidates_at_once_and_reviews_stick(gateway_api, settings):
    task_id = await _task_with_pairs(gateway_api)
    listed = await gateway_api.get(f"{API}/tasks/{task_id}/pairs")
    data = (await json_of(listed, 200))["data"]
    assert listed.headers["ETag"] == data["etag"]
    assert data["summary"]["total"] == len(data["pairs"]) > 2
    assert all(p["valid"] is True for p in data["pairs"])
    assert all(isinstance(p["row_count"], int) for p in data["pairs"])  # the test run's rows

    path = f"{API}/tasks/{task_id}/pairs/0"
    bad = {"sql": "SELECT no_such_column FROM bss_company"}
    assert (await json_of(await gateway_api.patch(path, json=bad), 428))["error_code"]
    stale = await gateway_api.patch(path, json=bad, headers={"If-Match": '"stale"'})
    assert (await json_of(stale, 409))["error_code"] == "PAIR_CONFLICT"
    edited = await gateway_api.patch(path, json=bad, headers={"If-Match": data["etag"]})
    verdict = (await json_of(edited, 200))["data"]
    assert verdict["valid"] is False
    assert "no_such_column" in verdict["error"]
    assert edited.headers["ETag"] != data["etag"]

    good = {"sql": "SELECT count(*) FROM bss_company"}
    fixed = await gateway_api.patch(
        f"{API}/tasks/{task_id}/pairs/1", json=good, headers={"If-Match": verdict["etag"]}
    )
    assert (await json_of(fixed, 200))["data"]["row_count"] == 1

    review = await gateway_api.post(f"{path}/review", json={"state": "rejected"})
    await json_of(review, 200)
    bulk = {"indexes": [1, 2], "state": "approved"}
    await json_of(await gateway_api.post(f"{API}/tasks/{task_id}/pairs/review", json=bulk), 200)
    after = (await json_of(await gateway_api.get(f"{API}/tasks/{task_id}/pairs"), 200))["data"]
    rows = after["pairs"]
    assert (rows[0]["valid"], rows[0]["review_state"]) == (False, "rejected")
    assert rows[0]["sql"] == bad["sql"]
    assert [r["review_state"] for r in rows[1:3]] == ["approved", "approved"]
    assert after["summary"]["invalid"] == 1
    names = {p.name for p in (settings.data_root / task_id).iterdir()}
    assert f"{after['pair_file']}.previous" in names  # the version before the last edit


async def test_require_review_loads_only_approved_pairs(gateway_api, settings, vector_db_url):
    task_id = await _task_with_pairs(gateway_api, require_review=True)
    bulk = {"indexes": [0, 3], "state": "approved"}
    await json_of(await gateway_api.post(f"{API}/tasks/{task_id}/pairs/review", json=bulk), 200)
    body = {"step": "training_load"}
    await json_of(await gateway_api.post(f"{API}/tasks/{task_id}/execute", json=body), 202)
    task = await wait_until(lambda: _loaded(gateway_api, task_id), timeout=120)
    assert task["step_status"]["training_load"] == "completed", task
    result = json.loads((settings.data_root / task_id / "training_load_result.json").read_text())
    pair_files = [f for f in result["files"] if f["collection"] == "sql"]
    assert [f["documents"] for f in pair_files] == [2]


async def _loaded(api, task_id):
    task = await settled(api, task_id)
    return task if task and task["step_status"]["training_load"] != "pending" else None
