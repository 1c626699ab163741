"""Embeddings from any OpenAI-compatible `POST {base_url}/embeddings` endpoint."""

from functools import partial
from typing import Any

from services.executor.embeddings.base import l2_normalise
from services.executor.openai_http import OpenAIHttp
from shared.errors import EmbeddingError


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
        self._model = model
        self._dim = dim
        self._batch_size = batch_size
        # One session per embed() call: an embedder lives as long as one training_load.
        self._new_http = partial(
            OpenAIHttp,
            base_url=base_url,
            api_key=api_key,
            error=EmbeddingError,
            service="向量嵌入服务",
            timeout_seconds=timeout_seconds,
            attempts=retries + 1,
            backoff_seconds=backoff_seconds,
        )

    @property
    def dim(self) -> int:
        return self._dim

    async def embed(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        http = self._new_http()
        try:
            for start in range(0, len(texts), self._batch_size):
                vectors.extend(
                    await self._embed_batch(http, texts[start : start + self._batch_size])
                )
        finally:
            await http.aclose()
        return vectors

    async def _embed_batch(self, http: OpenAIHttp, texts: list[str]) -> list[list[float]]:
        # The endpoints reject empty strings; an empty text is the zero vector by contract.
        wanted = [i for i, t in enumerate(texts) if t.strip()]
        vectors = [[0.0] * self._dim for _ in texts]
        if wanted:
            body = {
                "model": self._model,
                "input": [texts[i] for i in wanted],
                "encoding_format": "float",
            }
            answer = await http.post_json("/embeddings", body)
            for i, vector in zip(wanted, self._vectors(answer, len(wanted)), strict=True):
                vectors[i] = vector
        return vectors

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
