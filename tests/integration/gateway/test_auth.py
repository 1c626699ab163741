"""Bearer tokens: 401 without a valid one, 403 below the method's role, open health endpoints,
created_by from the token's name."""

from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import asyncpg
import pytest
from aiohttp.test_utils import TestClient
from pydantic import SecretStr

from shared.config import Settings
from shared.db import tasks
from tests.helpers import API
from tests.helpers.api import gateway_client

TOKENS = "rita:read-tok:reader,oscar:op-tok:operator,ada:admin-tok:admin"


@pytest.fixture(scope="module")
async def secured(
    settings: Settings, pool: asyncpg.Pool, amqp: aio_pika.abc.AbstractRobustConnection
) -> AsyncIterator[TestClient[Any, Any]]:
    secured_settings = settings.model_copy(update={"api_tokens": SecretStr(TOKENS)})
    async with gateway_client(secured_settings) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


CASES = [
    # no Authorization header at all
    ("GET", f"{API}/tasks", {}, 401, "UNAUTHORIZED"),
    # an unknown token
    ("GET", f"{API}/tasks", bearer("guess"), 401, "UNAUTHORIZED"),
    # the right token with the wrong scheme
    ("GET", f"{API}/tasks", {"Authorization": "Basic read-tok"}, 401, "UNAUTHORIZED"),
    # a reader may not create
    ("POST", f"{API}/tasks", bearer("read-tok"), 403, "FORBIDDEN"),
    # an operator may not delete
    ("DELETE", f"{API}/tasks", bearer("op-tok"), 403, "FORBIDDEN"),
    # unknown routes still need a token first
    ("GET", f"{API}/nowhere", {}, 401, "UNAUTHORIZED"),
]


@pytest.mark.parametrize("case", CASES)
async def test_refused(
    secured: TestClient[Any, Any], case: tuple[str, str, dict[str, str], int, str]
) -> None:
    method, path, headers, status, error_code = case
    response = await secured.request(method, path, headers=headers, json={})
    envelope = await response.json()
    assert (response.status, envelope["error_code"]) == (status, error_code)


async def test_reader_reads_and_operator_creates_as_itself(
    secured: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    listed = await secured.get(f"{API}/tasks", headers=bearer("read-tok"))
    assert listed.status == 200
    created = await secured.post(
        f"{API}/tasks", headers=bearer("op-tok"), json={"created_by": "mallory"}
    )
    assert created.status == 201
    row = await tasks.get(pool, (await created.json())["data"]["task_id"])
    assert row is not None
    assert row.created_by == "oscar"


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
async def test_health_endpoints_are_open(secured: TestClient[Any, Any], path: str) -> None:
    response = await secured.get(path)
    assert response.status == 200


def test_malformed_token_config_stops_start_up(settings: Settings) -> None:
    from services.gateway.app import create_app

    bad = settings.model_copy(update={"api_tokens": SecretStr("just-a-token")})
    with pytest.raises(ValueError, match="name:token:role"):
        create_app(bad)


async def test_the_console_cookie_authorizes_reads_and_streams_not_writes(secured):
    cookie = {"Cookie": "dp_token=read-tok"}
    assert (await secured.get(f"{API}/tasks", headers=cookie)).status == 200
    stream = await secured.get(f"{API}/events", headers=cookie)
    assert stream.status == 200
    assert stream.headers["Content-Type"].startswith("text/event-stream")
    stream.close()
    assert (await secured.get(f"{API}/events")).status == 401
    admin_cookie = {"Cookie": "dp_token=admin-tok"}
    write = await secured.post(f"{API}/tasks", json={}, headers=admin_cookie)
    assert write.status == 401  # a cookie alone never writes


async def test_idempotency_key_is_scoped_per_principal(secured: TestClient[Any, Any]) -> None:
    """L6: admin replaying the operator's key got the operator's stored 201 (or a 422 that told
    the key was used); now each token has its own keys."""
    body = {"table_list": ["bss_company"], "task_name": "idem-scope"}
    key = {"Idempotency-Key": "shared-key-l6"}
    first = await secured.post(f"{API}/tasks", json=body, headers={**bearer("op-tok"), **key})
    assert first.status == 201
    other = await secured.post(f"{API}/tasks", json=body, headers={**bearer("admin-tok"), **key})
    assert other.status == 201
    assert (await other.json())["data"]["task_id"] != (await first.json())["data"]["task_id"]
    again = await secured.post(f"{API}/tasks", json=body, headers={**bearer("op-tok"), **key})
    assert (await again.json())["data"]["task_id"] == (await first.json())["data"]["task_id"]
