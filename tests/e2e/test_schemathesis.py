"""The OpenAPI document against a live gateway and executor: schemathesis generates requests for
every operation with the admin token; no answer may be a 5xx, have an undeclared status, or
leave its declared schema (the envelope with the operation's data model) and media type.
Half of the generated task ids are a real task with a pair file, so the task operations answer
200 and their data is checked, not only their 404s.

The vector store is a database of this test's own (backups, restores, truncates and deletes
are generated too). Excluded: only the SSE streams (they never end)."""

import asyncio
import contextlib
import json
import os
import re
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from demo.pgvector_server import enable_vector
from shared.config import Settings
from shared.topology import Topology
from tests.helpers import wait_until
from tests.helpers.broker import delete_topology
from tests.helpers.databases import RUN_ID, fresh_database

REPO = Path(__file__).resolve().parents[2]
TOKEN = "st-admin-token"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
MAX_EXAMPLES = 6
EXCLUDED = "/events$"
PAIRS = [{"question": "公司有多少家?", "sql": "SELECT count(*) FROM bss_company"}]
MIN_CASES = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(
    settings: Settings, business: str, tmp: Path, port: int, vector: str | None = None
) -> dict[str, str]:
    return {
        **os.environ,
        "DP_DATABASE_URL": settings.database_url.get_secret_value(),
        "DP_AMQP_URL": settings.amqp_url.get_secret_value(),
        "DP_AMQP_NAMESPACE": f"{settings.amqp_namespace}_st",  # this test's executor only
        "DP_VECTOR_DATABASE_URL": vector or settings.vector_url.get_secret_value(),
        "DP_BUSINESS_DATABASE_URL": business,
        "DP_DATA_ROOT": str(tmp / "data"),
        "DP_TABLE_LIST_DIR": str(tmp / "lists"),
        "DP_SECRET_KEY_FILE": str(tmp / "secret.key"),
        "DP_HTTP_PORT": str(port),
        "DP_API_TOKENS": f"st:{TOKEN}:admin",
        "DP_DELETE_WAIT_SECONDS": "0.2",
        "DP_VECTOR_RPC_SECONDS": "10",
        "DP_VECTOR_WAIT_SECONDS": "0.3",  # writes answer 202 + status URL unless done by then
        "DP_LOG_LEVEL": "WARNING",
    }


@contextlib.asynccontextmanager
async def service(name: str, env: dict[str, str], log: Path) -> AsyncIterator[None]:
    with log.open("ab") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", name, env=env, cwd=REPO, stdout=out, stderr=out
        )
        try:
            yield
        finally:
            proc.terminate()
            await proc.wait()


@contextlib.asynccontextmanager
async def gateway(env: dict[str, str], log: Path) -> AsyncIterator[str]:
    base = f"http://127.0.0.1:{env['DP_HTTP_PORT']}"
    async with service("services.gateway", env, log):
        await wait_until(lambda: _ready(base), timeout=30)
        yield base


async def _seed_task(base: str, data_root: Path) -> str:
    """A task the executor created, with a pair file: the id schemathesis draws half the time."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    body = {"task_name": "st", "table_list": ["bss_company"]}
    async with (
        aiohttp.ClientSession(headers=headers) as session,
        session.post(f"{base}/api/v0/data_pipeline/tasks", json=body) as r,
    ):
        assert r.status == 201, await r.text()
        task_id = str((await r.json())["data"]["task_id"])
    directory = data_root / task_id

    async def created() -> bool:
        return await asyncio.to_thread((directory / "task_config.json").exists)

    await wait_until(created, timeout=30)
    pairs = json.dumps(PAIRS, ensure_ascii=False)
    pair_file = directory / "qs_highway_db_20261201_120000_pair.json"
    await asyncio.to_thread(pair_file.write_text, pairs, encoding="utf-8")
    return task_id


def _config(task_id: str) -> str:
    return "\n".join(
        [
            '[parameters."path.task_id"]',
            'dictionary = "tasks"',
            "probability = 0.5",
            "[dictionaries.tasks]",
            f'values = ["{task_id}"]',
        ]
    )


async def _ready(base: str) -> bool | None:
    try:
        async with aiohttp.ClientSession() as session, session.get(f"{base}/readyz") as r:
            return r.status == 200 or None
    except aiohttp.ClientError:
        return None


@pytest.mark.timeout(180)
async def test_generated_requests_meet_the_schema(
    settings, pool, amqp, business_db_url, vector_db_url, tmp_path
):
    async with fresh_database(vector_db_url, f"dp_test_st_vec_{RUN_ID}") as vector:
        assert await enable_vector(vector)
        env = _env(settings, business_db_url, tmp_path, _free_port(), vector)
        try:
            text = await _run_schemathesis(env, tmp_path)
        finally:  # the queues and exchanges its gateway and executor declared
            await delete_topology(amqp, Topology(env["DP_AMQP_NAMESPACE"]))
    summary = re.search(r"(\d+) generated, (\d+) passed", text)
    assert summary, text[-3000:]
    generated, passed = map(int, summary.groups())
    assert generated >= MIN_CASES, text[-3000:]
    assert passed == generated, text[-3000:]
    print(f"schemathesis: {generated} cases, {passed} passed")


async def _run_schemathesis(env: dict[str, str], tmp_path: Path) -> str:
    async with (
        service("services.executor", env, tmp_path / "executor.log"),
        gateway(env, tmp_path / "gateway.log") as base,
    ):
        task_id = await _seed_task(base, tmp_path / "data")
        await asyncio.to_thread((tmp_path / "schemathesis.toml").write_text, _config(task_id))
        proc = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/openapi.json"),
            *("--checks", CHECKS, "--max-examples", str(MAX_EXAMPLES), "--seed", "7"),
            *("--header", f"Authorization: Bearer {TOKEN}", "--exclude-path-regex", EXCLUDED),
            *("--phases", "examples,coverage,fuzzing", "--request-timeout", "10", "--workers", "2"),
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(proc.communicate(), timeout=150)
    text = output.decode("utf-8", "replace")
    assert proc.returncode == 0, text[-6000:]
    return text
