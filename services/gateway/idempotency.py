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
from shared.db import commands
from shared.errors import IdempotencyConflict, IdempotencyMismatch, ValidationFailed

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
# Fixed namespace: the same key always maps to the same command_id, in every gateway instance.
KEY_NAMESPACE = uuid.UUID("5c1f0b0e-8d7a-4f0e-9a51-6a0d2f3c7b21")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Idempotency:
    key: str
    request_hash: str

    def command_id(self, role: str = "") -> uuid.UUID:
        """The key's command id; a request that records two commands gives each a role."""
        return uuid.uuid5(KEY_NAMESPACE, f"{self.key}#{role}" if role else self.key)


idempotency_key = web.RequestKey("idempotency", Idempotency)


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


async def _replay(request: web.Request, ident: Idempotency) -> web.Response | None:
    stored = await commands.http_replay(request.app[pool_key], ident.key)
    if stored is None:
        return None
    if stored.request_hash != ident.request_hash:
        raise IdempotencyMismatch()
    if stored.http_response is None or stored.http_status is None:
        raise IdempotencyConflict("相同 Idempotency-Key 的请求仍在处理中")
    return envelope_response(stored.http_response, stored.http_status)


def idempotent(handler: Handler) -> Handler:
    """For handlers that record a command with the key (see services.gateway.outbox)."""

    async def wrapper(request: web.Request) -> web.StreamResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return await handler(request)
        ident = await _identity(request, key)
        if (replayed := await _replay(request, ident)) is not None:
            return replayed
        request[idempotency_key] = ident
        response = await handler(request)
        if isinstance(response, web.Response) and response.body is not None:
            body: dict[str, Any] = json.loads(response.text or "{}")
            await commands.save_http_response(
                request.app[pool_key], ident.key, response.status, body
            )
        return response

    return wrapper
