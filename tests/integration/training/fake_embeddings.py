"""A minimal local fake of an OpenAI-compatible /v1/embeddings endpoint.

tests/fakes/llm_server.py (another engineer's) did not exist yet when this was written."""

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class FakeEmbeddings:
    dim: int = 8
    fail_next: int = 0  # answer 503 to this many requests first
    requests: list[dict[str, Any]] = field(default_factory=list)
    auth: list[str | None] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.requests.append(body)
        self.auth.append(request.headers.get("Authorization"))
        if self.fail_next:
            self.fail_next -= 1
            return web.json_response({"error": "overloaded"}, status=503)
        data = [
            {"object": "embedding", "index": i, "embedding": self.vector(text)}
            for i, text in enumerate(body["input"])
        ]
        return web.json_response({"object": "list", "data": data[::-1], "model": body["model"]})

    def vector(self, text: str) -> list[float]:
        digest = hashlib.sha256(text.encode()).digest()
        return [float(b) + 1.0 for b in digest[: self.dim]]


@pytest.fixture
async def fake_embeddings() -> AsyncIterator[tuple[FakeEmbeddings, str]]:
    state = FakeEmbeddings()
    app = web.Application()
    app.router.add_post("/v1/embeddings", state.handle)
    async with TestServer(app, host="127.0.0.1") as server:
        yield state, str(server.make_url("/v1"))
