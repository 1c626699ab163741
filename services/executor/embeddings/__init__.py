"""Embedders for training_load: builtin hashing (default) or an OpenAI-compatible endpoint."""

from services.executor.embeddings.base import Embedder, l2_normalise
from services.executor.embeddings.hashing import HashingEmbedder
from services.executor.embeddings.openai import OpenAIEmbedder
from shared.config import Settings
from shared.errors import EmbeddingError

__all__ = ["Embedder", "HashingEmbedder", "OpenAIEmbedder", "build_embedder", "l2_normalise"]


def build_embedder(settings: Settings) -> Embedder:
    if settings.embedding_provider == "builtin":
        return HashingEmbedder(settings.embedding_dim)
    if not settings.embedding_base_url or not settings.embedding_model:
        raise EmbeddingError(
            "使用 openai 嵌入时必须配置 DP_EMBEDDING_BASE_URL 和 DP_EMBEDDING_MODEL"
        )
    key = settings.embedding_api_key
    return OpenAIEmbedder(
        base_url=settings.embedding_base_url,
        model=settings.embedding_model,
        dim=settings.embedding_dim,
        api_key=key.get_secret_value() if key else None,
    )
