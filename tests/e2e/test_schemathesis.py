"""The OpenAPI document against the live gateway: schemathesis generates requests for every
operation with the admin token; no answer may be a 5xx or leave its declared schema and media
type. Excluded: SSE streams (they never end) and the vector/training_data operations, which the
executor answers over RPC (no executor runs here, so each would wait for its timeout)."""

import asyncio
import contextlib
import os
import re
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from shared.config import Settings
from tests.helpers import wait_until

REPO = Path(__file__).resolve().parents[2]
TOKEN = "st-admin-token"
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"
MAX_EXAMPLES = 6
# RPC reads (the executor answers them; none runs here): /vector/, /training_data/, /database/.
EXCLUDED = "/events$|/vector/|/training_data/|/database/"
MIN_CASES = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(settings: Settings, tmp: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DP_DATABASE_URL": settings.database_url.get_secret_value(),
        "DP_AMQP_URL": settings.amqp_url.get_secret_value(),
        "DP_AMQP_NAMESPACE": f"{settings.amqp_namespace}_st",  # no consumer: nothing runs
        "DP_VECTOR_DATABASE_URL": settings.vector_url.get_secret_value(),
        "DP_DATA_ROOT": str(tmp / "data"),
        "DP_TABLE_LIST_DIR": str(tmp / "lists"),
        "DP_SECRET_KEY_FILE": str(tmp / "secret.key"),
        "DP_HTTP_PORT": str(port),
        "DP_API_TOKENS": f"st:{TOKEN}:admin",
        "DP_DELETE_WAIT_SECONDS": "0.2",
        "DP_VECTOR_RPC_SECONDS": "0.2",
        "DP_LOG_LEVEL": "WARNING",
    }


@contextlib.asynccontextmanager
async def gateway(env: dict[str, str], log: Path) -> AsyncIterator[str]:
    base = f"http://127.0.0.1:{env['DP_HTTP_PORT']}"
    with log.open("ab") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "services.gateway", env=env, cwd=REPO, stdout=out, stderr=out
        )
        try:
            await wait_until(lambda: _ready(base), timeout=30)
            yield base
        finally:
            proc.terminate()
            await proc.wait()


async def _ready(base: str) -> bool | None:
    try:
        async with aiohttp.ClientSession() as session, session.get(f"{base}/readyz") as r:
            return r.status == 200 or None
    except aiohttp.ClientError:
        return None


@pytest.mark.timeout(180)
async def test_generated_requests_meet_the_schema(settings, pool, amqp, tmp_path):
    env = _env(settings, tmp_path, _free_port())
    async with gateway(env, tmp_path / "gateway.log") as base:
        proc = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/openapi.json"),
            *("--checks", CHECKS, "--max-examples", str(MAX_EXAMPLES), "--seed", "7"),
            *("--header", f"Authorization: Bearer {TOKEN}", "--exclude-path-regex", EXCLUDED),
            *("--phases", "examples,coverage,fuzzing", "--request-timeout", "10"),
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(proc.communicate(), timeout=150)
    text = output.decode("utf-8", "replace")
    assert proc.returncode == 0, text[-6000:]
    summary = re.search(r"(\d+) generated, (\d+) passed", text)
    assert summary, text[-3000:]
    generated, passed = map(int, summary.groups())
    assert generated >= MIN_CASES, text[-3000:]
    assert passed == generated, text[-3000:]
    print(f"schemathesis: {generated} cases, {passed} passed")
