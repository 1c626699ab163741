"""GET /tasks/{id}/files and downloads: registry merge, Range, attachment names, and every
traversal trick refused without serving the file."""

import os
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from shared.config import Settings
from shared.db import outputs
from shared.storage import Storage
from tests.helpers import API, new_task_id
from tests.helpers.api import create_task

SECRET_CONTENT = "TOP-SECRET-OUTSIDE-THE-TASK-DIR"


@pytest.fixture
async def task_with_files(
    client: TestClient[Any, Any], settings: Settings, pool: asyncpg.Pool, tmp_path: Path
) -> str:
    task_id: str = (await create_task(client))["task_id"]
    storage = Storage(settings.data_root)
    await storage.write_text(task_id, "bss_company.ddl", "create table bss_company (id int);\n")
    await storage.write_text(task_id, "说明 detail.md", "# 公司\n")
    info = await storage.write_text(task_id, "qs_highway_db_pair.json", "[]")
    await outputs.upsert(
        pool,
        outputs.NewOutput(
            task_id, None, "qa_generation", "json", info.name, info.name, info.size,
            info.sha256, "问答对", is_primary=True,
        ),
    )  # fmt: skip
    outside = tmp_path / "secret.txt"
    outside.write_text(SECRET_CONTENT)
    os.symlink(outside, storage.task_dir(task_id) / "link.txt")
    return task_id


async def test_files_listing_merges_the_registry(
    client: TestClient[Any, Any], task_with_files: str
) -> None:
    response = await client.get(f"{API}/tasks/{task_with_files}/files")
    data = (await response.json())["data"]
    by_name = {f["file_name"]: f for f in data["files"]}
    assert response.status == 200
    assert data["directory_exists"] is True
    assert "link.txt" not in by_name  # symlinks are never listed
    pair = by_name["qs_highway_db_pair.json"]
    assert (pair["is_primary"], pair["step_name"], pair["description"]) == (
        True,
        "qa_generation",
        "问答对",
    )
    ddl = by_name["bss_company.ddl"]
    assert (ddl["file_type"], ddl["file_size"], ddl["is_primary"]) == ("ddl", 35, False)
    assert len(ddl["content_hash"]) == 64
    assert by_name["说明 detail.md"]["download_url"].endswith(
        "/files/download/%E8%AF%B4%E6%98%8E%20detail.md"
    )


async def test_download_streams_with_attachment_name_and_range(
    client: TestClient[Any, Any], task_with_files: str
) -> None:
    url = f"{API}/tasks/{task_with_files}/files/download/bss_company.ddl"
    response = await client.get(url)
    assert response.status == 200
    assert await response.text() == "create table bss_company (id int);\n"
    assert 'filename="bss_company.ddl"' in response.headers["Content-Disposition"]
    partial = await client.get(url, headers={"Range": "bytes=0-5"})
    assert (partial.status, await partial.text()) == (206, "create")


async def test_unicode_name_via_the_original_path(
    client: TestClient[Any, Any], task_with_files: str
) -> None:
    response = await client.get(
        f"{API}/tasks/{task_with_files}/files/%E8%AF%B4%E6%98%8E%20detail.md"
    )
    assert response.status == 200
    assert (
        "filename*=UTF-8''%E8%AF%B4%E6%98%8E%20detail.md" in response.headers["Content-Disposition"]
    )


TRAVERSALS = [
    "..%2F..%2Fetc%2Fpasswd",  # encoded ../
    "%2e%2e%2f%2e%2e%2fsecret.txt",  # encoded dots and slash
    "%2e%2e",  # the parent directory itself
    "..%5Csecret.txt",  # backslash separator
    "%2Fetc%2Fpasswd",  # absolute path
    "link.txt",  # a symlink inside the task dir pointing outside
    "missing.ddl",  # simply not there
]


@pytest.mark.parametrize("name", TRAVERSALS)
async def test_traversal_attempts_are_refused(
    client: TestClient[Any, Any], task_with_files: str, name: str
) -> None:
    for route in ("files/download", "files"):
        response = await client.get(f"{API}/tasks/{task_with_files}/{route}/{name}")
        body = await response.text()
        assert response.status in (400, 404), body
        assert SECRET_CONTENT not in body
        assert "root:" not in body


async def test_download_for_unknown_or_malformed_task(client: TestClient[Any, Any]) -> None:
    response = await client.get(f"{API}/tasks/{new_task_id()}/files/download/a.ddl")
    assert (response.status, (await response.json())["error_code"]) == (404, "TASK_NOT_FOUND")
    response = await client.get(f"{API}/tasks/task_1%2F..%2F..%2Fx/files")
    assert response.status in (400, 404)


async def test_files_of_a_task_without_directory(client: TestClient[Any, Any]) -> None:
    task_id = (await create_task(client))["task_id"]
    response = await client.get(f"{API}/tasks/{task_id}/files")
    data = (await response.json())["data"]
    assert (response.status, data["files"], data["directory_exists"]) == (200, [], False)
