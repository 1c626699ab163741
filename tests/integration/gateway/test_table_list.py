"""Table lists: multipart upload (UTF-8, GBK, bad names, size), JSON post, info, busy task."""

import io
from typing import Any

import aiohttp
import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from shared.config import Settings
from shared.db import tasks
from shared.storage import Storage
from tests.helpers import API, new_task_id
from tests.helpers.api import create_task


def _form(content: bytes, filename: str = "tables.txt", field: str = "file") -> aiohttp.FormData:
    form = aiohttp.FormData()
    # A stream, not bytes: aiohttp refuses large in-memory bytes payloads.
    form.add_field(field, io.BytesIO(content), filename=filename, content_type="text/plain")
    return form


async def _upload(client: TestClient[Any, Any], task_id: str, form: Any) -> tuple[int, Any]:
    response = await client.post(f"{API}/tasks/{task_id}/upload-table-list", data=form)
    return response.status, await response.json()


async def test_upload_utf8_writes_file_and_parameters(
    client: TestClient[Any, Any], pool: asyncpg.Pool, settings: Settings
) -> None:
    task_id = (await create_task(client))["task_id"]
    status, envelope = await _upload(
        client, task_id, _form(b"# list\nbss_company\nbss_car_day_count\n")
    )
    assert status == 200, envelope
    assert envelope["data"]["table_names"] == ["bss_company", "bss_car_day_count"]
    text = await Storage(settings.data_root).read_text(task_id, "table_list.txt")
    assert "bss_car_day_count" in text
    row = await tasks.get(pool, task_id)
    assert row is not None
    assert row.parameters["table_list"] == ["bss_company", "bss_car_day_count"]


async def test_gbk_upload_is_stored_as_utf8(
    client: TestClient[Any, Any], settings: Settings
) -> None:
    task_id = (await create_task(client))["task_id"]
    content = "# 服务区表清单\nbss_service_area\n".encode("gbk")
    status, envelope = await _upload(client, task_id, _form(content))
    assert status == 200, envelope
    text = await Storage(settings.data_root).read_text(task_id, "table_list.txt")
    assert text.startswith("# 服务区表清单")


BAD_UPLOADS = [
    # a name that is not an identifier
    ({"content": b"bss_ok\nbad name!\n"}, 400, "VALIDATION_ERROR"),
    # not a .txt file
    ({"content": b"bss_ok\n", "filename": "tables.csv"}, 400, "VALIDATION_ERROR"),
    # empty file
    ({"content": b""}, 400, "VALIDATION_ERROR"),
    # only comments
    ({"content": b"# nothing here\n-- nor here\n"}, 400, "VALIDATION_ERROR"),
    # neither UTF-8 nor GBK
    ({"content": b"\xff\xfe\xfa\xfb\x80\x81"}, 400, "VALIDATION_ERROR"),
    # wrong field name
    ({"content": b"bss_ok\n", "field": "upload"}, 400, "MISSING_PARAMS"),
    # over 2 MB
    ({"content": b"bss_company\n" * 200_000}, 413, "PAYLOAD_TOO_LARGE"),
]


@pytest.mark.parametrize(("kwargs", "status", "error_code"), BAD_UPLOADS)
async def test_bad_uploads_are_refused(
    client: TestClient[Any, Any],
    settings: Settings,
    kwargs: dict[str, Any],
    status: int,
    error_code: str,
) -> None:
    task_id = (await create_task(client))["task_id"]
    got, envelope = await _upload(client, task_id, _form(**kwargs))
    assert (got, envelope["error_code"]) == (status, error_code)
    assert not (Storage(settings.data_root).task_dir(task_id) / "table_list.txt").exists()


async def test_upload_without_multipart_is_400(client: TestClient[Any, Any]) -> None:
    task_id = (await create_task(client))["task_id"]
    response = await client.post(f"{API}/tasks/{task_id}/upload-table-list", json={"x": 1})
    assert (response.status, (await response.json())["error_code"]) == (400, "VALIDATION_ERROR")


async def test_upload_to_unknown_task_is_404(client: TestClient[Any, Any]) -> None:
    status, envelope = await _upload(client, new_task_id(), _form(b"bss_ok\n"))
    assert (status, envelope["error_code"]) == (404, "TASK_NOT_FOUND")


async def test_post_json_list_then_info(client: TestClient[Any, Any], pool: asyncpg.Pool) -> None:
    task_id = (await create_task(client))["task_id"]
    response = await client.post(
        f"{API}/tasks/{task_id}/table-list", json={"tables": "bss_a, bss_b, bss_a"}
    )
    assert response.status == 200, await response.text()
    assert (await response.json())["data"]["table_count"] == 2
    info = await client.get(f"{API}/tasks/{task_id}/table-list-info")
    data = (await info.json())["data"]
    assert (data["has_file"], data["table_count"], data["table_names"]) == (
        True,
        2,
        ["bss_a", "bss_b"],
    )
    row = await tasks.get(pool, task_id)
    assert row is not None
    assert row.parameters["table_list"] == ["bss_a", "bss_b"]


async def test_info_without_file(client: TestClient[Any, Any]) -> None:
    task_id = (await create_task(client))["task_id"]
    response = await client.get(f"{API}/tasks/{task_id}/table-list-info")
    assert (response.status, (await response.json())["data"]["has_file"]) == (200, False)


BAD_TABLE_POSTS = [
    {},  # tables missing
    {"tables": []},  # empty list
    {"tables": ""},  # empty string
    {"tables": 42},  # wrong type
    {"tables": ["ok", 7]},  # a non-string item
    {"tables": ["ok", "no-dashes"]},  # an invalid name
    {"tables": [f"t{i}" for i in range(1001)]},  # more than 1000 tables
    {"tables": ["ok"], "more": True},  # unknown field
]


@pytest.mark.parametrize("body", BAD_TABLE_POSTS)
async def test_bad_table_list_posts_are_400(
    client: TestClient[Any, Any], body: dict[str, Any]
) -> None:
    task_id = (await create_task(client))["task_id"]
    response = await client.post(f"{API}/tasks/{task_id}/table-list", json=body)
    assert (response.status, (await response.json())["error_code"]) == (400, "VALIDATION_ERROR")


async def test_table_list_refused_while_task_runs(client: TestClient[Any, Any]) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    await client.post(f"{API}/tasks/{task_id}/execute", json={"step": "ddl_generation"})
    response = await client.post(f"{API}/tasks/{task_id}/table-list", json={"tables": ["bss_a"]})
    envelope = await response.json()
    assert (response.status, envelope["error_code"]) == (409, "TASK_RUNNING")
    assert envelope["data"]["current_status"] == "queued"
