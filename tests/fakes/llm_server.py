"""A local fake of an OpenAI-compatible API (the only fake the tests allow).

Real aiohttp server on 127.0.0.1 (random port) serving
- `POST /v1/chat/completions`: answers from a per-test script, FIFO;
- `POST /v1/embeddings`: scripted answers if any are queued, else deterministic vectors
  (sha256 of each input, `embedding_dim` floats), OpenAI shape.
Every request is recorded (path, headers, JSON body) so tests can assert on prompts, the model
name and the Authorization header.

Scripting (queue before the call that should see it):
    async with running_fake_llm() as fake:          # or the `fake_llm` fixture
        fake.reply_json({"themes": [...]})          # content = that JSON, as the model's text
        fake.reply_text("```json\\n[...]\\n```")    # content = any text (fences, <think> ...)
        fake.reply_status(500)                      # an HTTP error (body: OpenAI error shape)
        fake.reply_delay(5.0)                       # answer only after 5 s (forces timeouts)
        fake.reply_embeddings([[0.1, 0.2]])         # next /v1/embeddings answer
        client_base_url = fake.base_url             # http://127.0.0.1:<port>/v1
        fake.chat_requests[0].body["messages"]      # what the client sent
An empty chat script answers 500 ("no scripted reply"), so a test never passes by accident.
To use the fixture in a test folder: `from tests.fakes.llm_server import fake_llm  # noqa: F401`
in that folder's conftest.py.
"""

import asyncio
import contextlib
import hashlib
import json
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

CHAT_PATH = "/v1/chat/completions"
EMBEDDINGS_PATH = "/v1/embeddings"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    content: str | None = None  # chat: the assistant message text
    body: Any = None  # a full JSON body instead (embeddings, error bodies, odd shapes)
    delay: float = 0.0


@dataclass(frozen=True)
class Recorded:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeLLMServer:
    embedding_dim: int = 8
    chat_script: deque[Reply] = field(default_factory=deque)
    embedding_script: deque[Reply] = field(default_factory=deque)
    requests: list[Recorded] = field(default_factory=list)
    base_url: str = ""
    _closing: asyncio.Event = field(default_factory=asyncio.Event)

    # --- scripting -----------------------------------------------------------------------
    def reply_text(self, content: str, *, delay: float = 0.0) -> None:
        self.chat_script.append(Reply(content=content, delay=delay))

    def reply_json(self, value: Any, *, delay: float = 0.0) -> None:
        self.reply_text(json.dumps(value, ensure_ascii=False), delay=delay)

    def reply_status(self, status: int, body: Any = None) -> None:
        error = body if body is not None else {"error": {"message": f"HTTP {status}"}}
        self.chat_script.append(Reply(status=status, body=error))

    def reply_delay(self, seconds: float, content: str = "{}") -> None:
        self.reply_text(content, delay=seconds)

    def reply_embeddings(self, vectors: list[list[float]], *, status: int = 200) -> None:
        data = [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)]
        self.embedding_script.append(Reply(status=status, body={"object": "list", "data": data}))

    # --- inspection ----------------------------------------------------------------------
    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path == CHAT_PATH]

    @property
    def embedding_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path == EMBEDDINGS_PATH]

    def vector(self, text: str) -> list[float]:
        digest = hashlib.sha256(text.encode()).digest()
        return [float(b) + 1.0 for b in digest[: self.embedding_dim]]

    # --- handlers ------------------------------------------------------------------------
    async def _record(self, request: web.Request) -> Any:
        body = await request.json()
        self.requests.append(Recorded(request.path, dict(request.headers), body))
        return body

    async def _wait(self, delay: float) -> None:
        # Wakes early when the server closes, so a slow reply never holds up shutdown.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), delay)

    async def chat(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        if not self.chat_script:
            return web.json_response({"error": {"message": "no scripted reply"}}, status=500)
        reply = self.chat_script.popleft()
        await self._wait(reply.delay)
        if reply.body is not None or reply.status != 200:
            return web.json_response(reply.body, status=reply.status)
        return web.json_response(_completion(body.get("model", ""), reply.content or ""))

    async def embeddings(self, request: web.Request) -> web.Response:
        body = await self._record(request)
        if self.embedding_script:
            reply = self.embedding_script.popleft()
            await self._wait(reply.delay)
            return web.json_response(reply.body, status=reply.status)
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [
            {"object": "embedding", "index": i, "embedding": self.vector(text)}
            for i, text in enumerate(inputs)
        ]
        return web.json_response({"object": "list", "data": data, "model": body.get("model")})


def _completion(model: str, content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


@contextlib.asynccontextmanager
async def running_fake_llm(embedding_dim: int = 8) -> AsyncIterator[FakeLLMServer]:
    fake = FakeLLMServer(embedding_dim=embedding_dim)
    app = web.Application()
    app.router.add_post(CHAT_PATH, fake.chat)
    app.router.add_post(EMBEDDINGS_PATH, fake.embeddings)
    async with TestServer(app, host="127.0.0.1") as server:
        fake.base_url = str(server.make_url("/v1"))
        try:
            yield fake
        finally:
            fake._closing.set()


@pytest.fixture
async def fake_llm() -> AsyncIterator[FakeLLMServer]:
    async with running_fake_llm() as fake:
        yield fake
