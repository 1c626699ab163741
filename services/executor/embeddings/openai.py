"""Embeddings from any OpenAI-compatible `POST {base_url}/embeddings` endpoint."""

import asyncio
from typing import Any

import aiohttp

from services.executor.embeddings.base import l2_normalise
from shared.errors import EmbeddingError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class _Retryable(Exception):
    """A failure worth another attempt (connection, timeout, 429, 5xx)."""


class OpenAIEmbedder:
    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        dim: int,
        api_key: str | None = None,
        batch_size: int = 16,
        timeout_seconds: float = 30.0,
        retries: int = 3,
        backoff_seconds: float = 2.0,
    ) -> None:
        self._url = base_url.rstrip("/") + "/embeddings"
        self._model = model
        self._dim = dim
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._batch_size = batch_size
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._retries = retries
        self._backoff = backoff_seconds

    @property
    def dim(self) -> int:
        return self._dim

    async def embed(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        async with aiohttp.ClientSession(timeout=self._timeout, headers=self._headers) as http:
            for start in range(0, len(texts), self._batch_size):
                vectors.extend(
                    await self._embed_batch(http, texts[start : start + self._batch_size])
                )
        return vectors

    async def _embed_batch(
        self, http: aiohttp.ClientSession, texts: list[str]
    ) -> list[list[float]]:
        # The endpoints reject empty strings; an empty text is the zero vector by contract.
        wanted = [i for i, t in enumerate(texts) if t.strip()]
        vectors = [[0.0] * self._dim for _ in texts]
        if wanted:
            answer = await self._post_with_retries(http, [texts[i] for i in wanted])
            for i, vector in zip(wanted, self._vectors(answer, len(wanted)), strict=True):
                vectors[i] = vector
        return vectors

    async def _post_with_retries(self, http: aiohttp.ClientSession, texts: list[str]) -> Any:
        for attempt in range(self._retries + 1):
            try:
                return await self._post(http, texts)
            except _Retryable as exc:
                if attempt == self._retries:
                    raise EmbeddingError(f"向量嵌入服务多次重试后仍失败: {exc}") from exc
                await asyncio.sleep(self._backoff * 2**attempt)
        raise AssertionError("unreachable")

    async def _post(self, http: aiohttp.ClientSession, texts: list[str]) -> Any:
        body = {"model": self._model, "input": texts, "encoding_format": "float"}
        try:
            async with http.post(self._url, json=body) as response:
                if response.status in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {response.status}")
                if response.status >= 400:
                    detail = (await response.text())[:200]
                    raise EmbeddingError(f"向量嵌入服务返回 HTTP {response.status}: {detail}")
                return await response.json(content_type=None)
        except (aiohttp.ClientConnectionError, TimeoutError) as exc:
            raise _Retryable(type(exc).__name__) from exc
        except (aiohttp.ContentTypeError, ValueError) as exc:
            raise EmbeddingError("向量嵌入服务返回的不是 JSON") from exc

    def _vectors(self, answer: Any, expected: int) -> list[list[float]]:
        try:
            items = sorted(answer["data"], key=lambda item: item["index"])
            vectors = [[float(v) for v in item["embedding"]] for item in items]
        except (KeyError, TypeError, ValueError) as exc:
            raise EmbeddingError("向量嵌入服务的响应格式不正确") from exc
        if len(vectors) != expected:
            raise EmbeddingError(f"向量嵌入数量不匹配: 请求 {expected} 条, 返回 {len(vectors)} 条")
        for vector in vectors:
            if len(vector) != self._dim:
                raise EmbeddingError(
                    f"向量维度不匹配: 配置 DP_EMBEDDING_DIM={self._dim}, 服务返回 {len(vector)} 维"
                )
        return [l2_normalise(v) for v in vectors]
