"""The OpenAI-compatible embedder against a local fake /v1/embeddings server."""

from typing import Any

import pytest

from services.executor.embeddings import OpenAIEmbedder, build_embedder
from shared.config import Settings
from shared.errors import EmbeddingError


def embedder(url: str, dim: int = 8, **kwargs: Any) -> OpenAIEmbedder:
    return OpenAIEmbedder(base_url=url, model="bge-m3", dim=dim, backoff_seconds=0.01, **kwargs)


async def test_batches_requests_and_keeps_input_order(fake_embeddings):
    state, url = fake_embeddings
    texts = [f"文本 {i}" for i in range(23)]
    vectors = await embedder(url, batch_size=10).embed(texts)
    assert [len(r["input"]) for r in state.requests] == [10, 10, 3]
    assert all(r["encoding_format"] == "float" and r["model"] == "bge-m3" for r in state.requests)
    expected_first = state.vector(texts[0])
    norm = sum(v * v for v in expected_first) ** 0.5
    assert vectors[0] == pytest.approx([v / norm for v in expected_first])


async def test_vectors_are_unit_length_and_empty_text_is_zero(fake_embeddings):
    _, url = fake_embeddings
    full, empty = await embedder(url).embed(["服务区", "  "])
    assert sum(v * v for v in full) == pytest.approx(1.0)
    assert empty == [0.0] * 8


async def test_retries_on_server_errors_then_succeeds(fake_embeddings):
    state, url = fake_embeddings
    state.fail_next = 2
    [vector] = await embedder(url, retries=3).embed(["车流量"])
    assert len(state.requests) == 3
    assert len(vector) == 8


async def test_gives_up_after_the_retries(fake_embeddings):
    state, url = fake_embeddings
    state.fail_next = 10
    with pytest.raises(EmbeddingError):
        await embedder(url, retries=2).embed(["车流量"])
    assert len(state.requests) == 3


async def test_dimension_mismatch_is_a_clear_error(fake_embeddings):
    _, url = fake_embeddings
    with pytest.raises(EmbeddingError, match="DP_EMBEDDING_DIM=1024"):
        await embedder(url, dim=1024).embed(["车流量"])


async def test_factory_sends_the_api_key_as_bearer(fake_embeddings):
    state, url = fake_embeddings
    settings = Settings(
        embedding_provider="openai",
        embedding_base_url=url,
        embedding_model="text-embedding-v4",
        embedding_api_key="sk-test-key",
        embedding_dim=8,
    )
    await build_embedder(settings).embed(["收入"])
    assert state.auth == ["Bearer sk-test-key"]
