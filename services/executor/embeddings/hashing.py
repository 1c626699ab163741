"""The builtin embedder: deterministic feature hashing, offline, no model."""

import asyncio
import hashlib

from services.executor.embeddings.base import l2_normalise
from services.executor.embeddings.tokens import features


def _slot(feature: str, dim: int) -> tuple[int, float]:
    digest = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest())
    # The top bit picks the sign so colliding features tend to cancel instead of pile up.
    sign = -1.0 if digest >> 63 else 1.0
    return digest % dim, sign


def hash_embedding(text: str, dim: int) -> list[float]:
    vector = [0.0] * dim
    for feature, weight in features(text).items():
        index, sign = _slot(feature, dim)
        vector[index] += sign * weight
    return l2_normalise(vector)


class HashingEmbedder:
    def __init__(self, dim: int) -> None:
        if dim <= 0:
            raise ValueError("embedding dimension must be positive")
        self._dim = dim

    @property
    def dim(self) -> int:
        return self._dim

    async def embed(self, texts: list[str]) -> list[list[float]]:
        # CPU work: keep the event loop free for heartbeats and logs.
        return await asyncio.to_thread(lambda: [hash_embedding(t, self._dim) for t in texts])
