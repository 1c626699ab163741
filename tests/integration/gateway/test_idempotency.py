"""Idempotency-Key: the same request replays the first answer, an in-flight key is 409, a
reused key with a different request is 422."""

import uuid
from typing import Any

import asyncpg
from aiohttp.test_utils import TestClient

from services.gateway.idempotency import KEY_NAMESPACE
from shared.db import commands, task_listing
from tests.helpers import API, unique
from tests.helpers.api import create_task


def key_header(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


async def test_same_request_replays_the_first_response(
    client: TestClient[Any, Any], pool: asyncpg.Pool
) -> None:
    key, name = unique("key"), unique("idem")
    first = await client.post(f"{API}/tasks", json={"task_name": name}, headers=key_header(key))
    second = await client.post(f"{API}/tasks", json={"task_name": name}, headers=key_header(key))
    assert (first.status, second.status) == (201, 201)
    assert await first.json() == await second.json()
    _, total = await task_listing.list_page(pool, task_listing.TaskFilter(task_name=name))
    assert total == 1
    stored = await commands.get(pool, str(uuid.uuid5(KEY_NAMESPACE, key)))
    assert stored is not None
    assert stored.idempotency_key == key


async def test_execute_replay_queues_once(client: TestClient[Any, Any], pool: asyncpg.Pool) -> None:
    task_id = (await create_task(client, table_list=["bss_company"]))["task_id"]
    key = unique("exec")
    url = f"{API}/tasks/{task_id}/execute"
    responses = [
        await client.post(url, json={"step": "ddl_generation"}, headers=key_header(key))
        for _ in range(2)
    ]
    assert [r.status for r in responses] == [202, 202]
    bodies = [await r.json() for r in responses]
    assert bodies[0] == bodies[1]
    from shared.db import executions

    assert len(await executions.list_for_task(pool, task_id)) == 1


async def test_different_request_with_same_key_is_422(client: TestClient[Any, Any]) -> None:
    key = unique("key")
    first = await client.post(f"{API}/tasks", json={"db_name": "a"}, headers=key_header(key))
    second = await client.post(f"{API}/tasks", json={"db_name": "b"}, headers=key_header(key))
    envelope = await second.json()
    assert (first.status, second.status, envelope["error_code"]) == (
        201,
        422,
        "IDEMPOTENCY_MISMATCH",
    )


async def test_key_still_in_flight_is_409(client: TestClient[Any, Any], pool: asyncpg.Pool) -> None:
    """A first request that committed its command but has not answered yet."""
    import hashlib

    key, body = unique("inflight"), b'{"db_name": "x"}'
    path = f"{API}/tasks"
    digest = hashlib.sha256(f"POST {path}\n".encode() + body).hexdigest()
    await commands.insert(
        pool,
        commands.NewCommand(
            command_id=str(uuid.uuid5(KEY_NAMESPACE, key)),
            command_type="task.create",
            task_id=None,
            payload={},
            issued_by="guest",
            source="http",
            status="published",  # not pending: the relay must leave this fake row alone
            idempotency_key=key,
            request_hash=digest,
        ),
    )
    response = await client.post(
        path, data=body, headers={**key_header(key), "Content-Type": "application/json"}
    )
    envelope = await response.json()
    assert (response.status, envelope["error_code"]) == (409, "IDEMPOTENCY_CONFLICT")


async def test_failed_request_is_not_stored(client: TestClient[Any, Any]) -> None:
    key = unique("bad")
    first = await client.post(f"{API}/tasks", json={"theme_count": 0}, headers=key_header(key))
    second = await client.post(f"{API}/tasks", json={"theme_count": 2}, headers=key_header(key))
    assert (first.status, second.status) == (400, 201)


async def test_overlong_key_is_400(client: TestClient[Any, Any]) -> None:
    response = await client.post(f"{API}/tasks", json={}, headers=key_header("k" * 201))
    assert (response.status, (await response.json())["error_code"]) == (400, "VALIDATION_ERROR")
