"""H2 + M2: every DSN password form and every llm_config secret is masked in the API view, the
commands row and the published message (the review found them verbatim)."""

import json
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient

from shared.db import commands
from tests.helpers import API
from tests.helpers.api import create_task
from tests.helpers.broker import CommandTap

SECRET = "S3cretPassw0rd"
DSN_FORMS = [
    f"postgresql://u@127.0.0.1:5432/db?password={SECRET}",
    f"postgresql://u:{SECRET} with space@127.0.0.1:5432/db",
    f"postgresql://u:{SECRET}@at@127.0.0.1:5432/db",
    f"postgresql://u:{SECRET}@127.0.0.1:5432,127.0.0.1:5432/db",
]
LLM_CONFIG = {
    "model": "m",
    "openai_api_key": f"sk-{SECRET}",
    "access_token": f"at-{SECRET}",
    "headers": {"Authorization": f"Bearer {SECRET}"},
}


async def _everything_about(client, pool, tap, task_id: str) -> str:
    response = await client.get(f"{API}/tasks/{task_id}")
    assert response.status == 200
    view = await response.text()
    message = await tap.for_task(task_id, "task.create")
    rows = await commands.list_recent(pool, "task.create", limit=50)
    payloads = [r.payload for r in rows if r.task_id == task_id]
    assert payloads
    return str(view) + json.dumps(message) + json.dumps(payloads)


@pytest.mark.parametrize("dsn", DSN_FORMS)
async def test_dsn_password_never_comes_back(
    client: TestClient[Any, Any], pool: asyncpg.Pool, tap: CommandTap, dsn: str
) -> None:
    data = await create_task(client, db_connection=dsn, table_list=["t"], llm_config=LLM_CONFIG)
    seen = await _everything_about(client, pool, tap, data["task_id"])
    assert SECRET not in seen
    assert "******" in seen
