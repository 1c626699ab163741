"""Idempotency-Key on command endpoints: replay the first answer, refuse conflicting reuse."""

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from services.gateway.keys import pool_key, principal_key
from services.gateway.responses import envelope_response
from shared.db import idempotency_keys
from shared.db.pool import Conn
from shared.errors import IdempotencyConflict, IdempotencyMismatch, ValidationFailed

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
# Fixed namespace: the same key always maps to the same command_id, in every gateway instance.
KEY_NAMESPACE = uuid.UUID("5c1f0b0e-8d7a-4f0e-9a51-6a0d2f3c7b21")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Shape = Callable[[dict[str, Any]], web.Response]
FINAL = ("completed", "failed", "rejected")


@dataclass(frozen=True)
class Idempotency:
    key: str
    request_hash: str

    def command_id(self, role: str = "") -> uuid.UUID:
        """The key's command id; a request that records two commands gives each a role."""
        return uuid.uuid5(KEY_NAMESPACE, f"{self.key}#{role}" if role else self.key)


idempotency_key = web.RequestKey("idempotency", Idempotency)
remembered_key = web.RequestKey("idempotency_remembered", bool)


def of(request: web.Request) -> Idempotency | None:
    return request.get(idempotency_key)


async def _identity(request: web.Request, key: str) -> Idempotency:
    if not 0 < len(key) <= MAX_KEY_LENGTH or not key.isprintable():
        raise ValidationFailed(f"{HEADER} 必须是 1..{MAX_KEY_LENGTH} 个可打印字符")
    body = await request.read()
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode() + body).hexdigest()
    return Idempotency(_scoped(request.get(principal_key), key), digest)


def _scoped(principal: str | None, key: str) -> str:
    """Per principal: another token's key never replays (or reveals) this one's answer."""
    scoped = f"{principal}\x1f{key}" if principal else key
    if len(scoped) <= MAX_KEY_LENGTH:
        return scoped
    return "sha256:" + hashlib.sha256(scoped.encode()).hexdigest()


def _from_result(result: dict[str, Any]) -> web.Response:
    return envelope_response(result, int(result.get("code", 200)))


async def _replay(request: web.Request, ident: Idempotency, shape: Shape) -> web.Response | None:
    stored = await idempotency_keys.http_replay(request.app[pool_key], ident.key)
    if stored is None:
        return None
    if stored.request_hash != ident.request_hash:
        raise IdempotencyMismatch()
    if stored.http_response is not None and stored.http_status is not None:
        return envelope_response(stored.http_response, stored.http_status)
    if stored.status in FINAL and stored.result is not None:
        return shape(stored.result)  # answered by its consumer; the first answer was lost
    raise IdempotencyConflict("相同 Idempotency-Key 的请求仍在处理中")


async def claim(conn: Conn, request: web.Request) -> None:
    """First statement of the transaction that records the command: a concurrent request with
    the same key waits here for the first one to commit, then is refused (409), whatever the
    state of the task it targets."""
    ident = of(request)
    if ident is None:
        return
    await idempotency_keys.lock_idempotency_key(conn, ident.key)
    if await idempotency_keys.http_replay(conn, ident.key) is not None:
        raise IdempotencyConflict("相同 Idempotency-Key 的请求正在处理中")


async def remember(conn: Conn, request: web.Request, response: web.Response) -> web.Response:
    """Stores the answer in the transaction of its effect, so a crash right after the commit
    cannot leave the key without one."""
    if (ident := of(request)) is not None:
        await _save(conn, ident.key, response)
        request[remembered_key] = True
    return response


async def _save(conn: Conn, key: str, response: web.StreamResponse) -> None:
    if isinstance(response, web.Response) and response.body is not None:
        body: dict[str, Any] = json.loads(response.text or "{}")
        await idempotency_keys.save_http_response(conn, key, response.status, body)


def idempotent_as(shape: Shape) -> Callable[[Handler], Handler]:
    """For handlers that record a command with the key (see services.gateway.outbox).
    `shape` turns the consumer's result into this route's answer, for a key whose first
    answer was never stored (the gateway died while waiting)."""

    def decorate(handler: Handler) -> Handler:
        async def wrapper(request: web.Request) -> web.StreamResponse:
            key = request.headers.get(HEADER)
            if key is None:
                return await handler(request)
            ident = await _identity(request, key)
            if (replayed := await _replay(request, ident, shape)) is not None:
                return replayed
            request[idempotency_key] = ident
            response = await handler(request)
            if not request.get(remembered_key):
                await _save(request.app[pool_key], ident.key, response)
            return response

        return wrapper

    return decorate


idempotent = idempotent_as(_from_result)
