"""H1: table_list_file is looked up only in DP_TABLE_LIST_DIR, and a refused file's content
never comes back (the review read docker-compose.yml and a log with a DSN password)."""

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from shared.config import Settings
from tests.helpers import API
from tests.helpers.api import create_task, gateway_client

SECRET = "S3cretPassw0rd"


async def _post(client: TestClient[Any, Any], name: str) -> tuple[int, dict[str, Any]]:
    response = await client.post(f"{API}/tasks", json={"table_list_file": name})
    return response.status, await response.json()


@pytest.fixture
def list_dir(settings: Settings):
    settings.table_list_dir.mkdir(parents=True, exist_ok=True)
    return settings.table_list_dir


async def test_files_of_the_working_directory_are_not_reachable(client, list_dir, settings):
    assert await asyncio.to_thread(os.path.exists, "pyproject.toml")  # a file under the cwd
    status, body = await _post(client, "pyproject.toml")
    assert (status, body["error_code"]) == (400, "VALIDATION_ERROR")
    assert str(list_dir) in body["message"]  # names the directory it searched, as configured
    assert "setuptools" not in str(body)


async def test_a_relative_directory_is_named_without_the_servers_path(settings):
    relative = settings.model_copy(update={"table_list_dir": Path("table_lists_not_here")})
    async with gateway_client(relative) as client:
        status, body = await _post(client, "missing.txt")
    assert status == 400
    assert "table_lists_not_here" in body["message"]
    assert os.getcwd() not in str(body)


async def test_refused_content_is_reported_by_count_and_line(client, list_dir):
    (list_dir / "leaky.txt").write_text(
        f"bss_company\nDP_DATABASE_URL: postgresql://postgres:{SECRET}@db/app\n"
        f"password={SECRET}\nbad-name\n",
        "utf-8",
    )
    status, body = await _post(client, "leaky.txt")
    assert (status, body["error_code"]) == (400, "VALIDATION_ERROR")
    assert SECRET not in str(body)
    assert "postgresql" not in str(body)
    assert body["data"]["invalid_lines"] == [2, 3, 4]
    assert body["data"]["invalid_count"] == 3
    assert body["data"]["invalid_tables"] == ["bad-name"]


async def test_symlink_out_of_the_directory_is_refused(client, list_dir, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("bss_company\n", "utf-8")
    (list_dir / "link.txt").unlink(missing_ok=True)
    (list_dir / "link.txt").symlink_to(outside)
    status, body = await _post(client, "link.txt")
    assert (status, body["error_code"]) == (400, "INVALID_PATH")


@pytest.mark.parametrize("name", ["a" * 300, "x\u0000.txt", "../x", "/etc/passwd", "a\\b"])
async def test_hostile_names_are_400(client, list_dir, name):
    status, body = await _post(client, name)
    assert status == 400, body
    assert body["error_code"] in ("INVALID_PATH", "VALIDATION_ERROR")


async def test_relative_names_and_subdirectories_resolve_in_the_directory(client, list_dir):
    (list_dir / "team").mkdir(exist_ok=True)
    (list_dir / "team" / "tables.txt").write_text("bss_company\n", "utf-8")
    data = await create_task(client, table_list_file="team/tables.txt")
    assert data["task_id"]
