"""The original's other endpoints: POST /tasks/query, POST /tasks/{id}/logs/query and
POST /tasks/{id}/files (upload with overwrite_mode)."""

import io
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import asyncpg
from aiohttp.test_utils import TestClient

from shared.config import Settings
from shared.db import logs, tasks
from shared.storage import Storage
from tests.helpers import API, unique
from tests.helpers.api import create_task


async def _post(client: TestClient[Any, Any], path: str, **kw: Any) -> tuple[int, Any]:
    response = await client.post(f"{API}{path}", **kw)
    return response.status, await response.json()


async def test_task_query_filters_sorts_and_pages(
    client: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    prefix = unique("q")
    ids = [(await create_task(client, task_name=f"{prefix}_{n}"))["task_id"] for n in "bca"]
    done = {"ddl_generation": "completed"}
    await tasks.save_state(pool, ids[0], status="partial_completed", step_status=done)
    body = {"task_name": prefix, "sort_by": "task_name", "sort_order": "asc", "page_size": 2}
    status, reply = await _post(client, "/tasks/query", json=body)
    assert status == 200
    assert [t["task_name"] for t in reply["data"]["tasks"]] == [f"{prefix}_a", f"{prefix}_b"]
    page = reply["data"]["pagination"]
    assert (page["total"], page["total_pages"], page["has_next"]) == (3, 2, True)
    assert reply["data"]["filters_applied"] == {"task_name": prefix}
    status, second = await _post(client, "/tasks/query", json={**body, "page": 2})
    assert [t["task_name"] for t in second["data"]["tasks"]] == [f"{prefix}_c"]
    assert second["data"]["pagination"]["has_next"] is False
    status, partial = await _post(
        client, "/tasks/query", json={"task_name": prefix, "status": ["partial_completed"]}
    )
    assert [t["task_id"] for t in partial["data"]["tasks"]] == [ids[0]]
    future = (datetime.now() + timedelta(days=1)).isoformat()
    status, none = await _post(client, "/tasks/query", json={"created_time_start": future})
    assert (status, none["data"]["pagination"]["total"]) == (200, 0)
    status, bad = await _post(client, "/tasks/query", json={"status": ["exploded"]})
    assert (status, bad["error_code"]) == (400, "VALIDATION_ERROR")


async def test_log_query_level_time_keyword_literal_step_and_pages(
    client: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    task_id = (await create_task(client))["task_id"]
    start = datetime(2030, 1, 1, 12, 0, 0)
    rows = [
        ("INFO", "ddl_generation", "完成 100% 的表"),
        ("INFO", "ddl_generation", "完成 1000 个字段"),
        ("ERROR", "qa_generation", "bss_company 超时"),
        ("INFO", "qa_generation", "bssXcompany 无关"),
        ("WARNING", "qa_generation", "稍后重试"),
    ]
    entries = [
        logs.NewLog(task_id, None, level, message, step, start + timedelta(minutes=i))
        for i, (level, step, message) in enumerate(rows)
    ]
    await logs.insert_many(pool, entries)
    path = f"/tasks/{task_id}/logs/query"

    async def messages(**body: Any) -> list[str]:
        status, reply = await _post(client, path, json=body)
        assert status == 200, reply
        return [entry["message"] for entry in reply["data"]["logs"]]

    assert await messages(keyword="100%") == ["完成 100% 的表"]  # % is not a wildcard
    assert await messages(keyword="bss_company") == ["bss_company 超时"]  # nor is _
    assert await messages(level="error") == ["bss_company 超时"]
    assert await messages(step_name="ddl_generation", sort_order="asc") == [
        "完成 100% 的表",
        "完成 1000 个字段",
    ]
    window = {"start_time": "2030-01-01 12:01:00", "end_time": "2030-01-01T12:03:00+00:00"}
    assert len(await messages(**window)) == 3
    status, paged = await _post(client, path, json={"page": 2, "page_size": 2})
    assert [e["message"] for e in paged["data"]["logs"]] == ["bss_company 超时", "完成 1000 个字段"]
    assert paged["data"]["pagination"]["total"] == 5
    status, too_big = await _post(client, path, json={"page_size": 501})
    assert (status, too_big["error_code"]) == (400, "VALIDATION_ERROR")


def _upload(content: bytes, name: str, mode: str | None = None) -> aiohttp.FormData:
    form = aiohttp.FormData()
    if mode:
        form.add_field("overwrite_mode", mode)
    body = io.BytesIO(content)
    form.add_field("file", body, filename=name, content_type="application/octet-stream")
    return form


async def test_file_upload_backup_replace_skip_and_limits(
    client: TestClient[Any, Any], settings: Settings
) -> None:
    task_id = (await create_task(client))["task_id"]
    path = f"/tasks/{task_id}/files"
    storage = Storage(settings.data_root)
    status, first = await _post(client, path, data=_upload(b"v1", "notes.md"))
    assert (status, first["data"]["uploaded_file"]["existed"]) == (200, False)
    status, second = await _post(client, path, data=_upload(b"v2", "notes.md"))
    assert second["data"]["backup_info"]["backup_filename"] == "notes.md_bak1"
    assert await storage.read_text(task_id, "notes.md_bak1") == "v1"
    status, skipped = await _post(client, path, data=_upload(b"v3", "notes.md", "skip"))
    assert skipped["data"]["skipped"] is True
    assert await storage.read_text(task_id, "notes.md") == "v2"
    status, replaced = await _post(client, path, data=_upload(b"v4", "notes.md", "replace"))
    assert "backup_info" not in replaced["data"]
    assert await storage.read_text(task_id, "notes.md") == "v4"
    files = await (await client.get(f"{API}{path}")).json()
    assert {"notes.md", "notes.md_bak1"} <= {f["file_name"] for f in files["data"]["files"]}
    for form, expected in (
        (_upload(b"x", "run.sh"), 400),  # not an allowed type
        (_upload(b"x", "task_config.json"), 400),  # the service's own file
        (_upload(b"x", "..\\x.md"), 400),  # not a plain name
        (_upload(b"", "empty.md"), 400),
        (_upload(b"x", "a.md", "merge"), 400),  # unknown overwrite_mode
        (_upload(b"x" * (10 * 1024 * 1024 + 1), "big.md"), 413),
    ):
        status, reply = await _post(client, path, data=form)
        assert status == expected, reply
