"""The builtin embedder: deterministic feature hashing, offline, no model."""

import asyncio
import functools
import hashlib
import math

from services.executor.embeddings.tokens import features


@functools.lru_cache(maxsize=1 << 16)  # a schema's vocabulary repeats across its texts
def _slot(feature: str, dim: int) -> tuple[int, float]:
    digest = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest())
    # The top bit picks the sign so colliding features tend to cancel instead of pile up.
    sign = -1.0 if digest >> 63 else 1.0
    return digest % dim, sign


def hash_embedding(text: str, dim: int) -> list[float]:
    """Sparse until the end: the norm and the division touch only the slots hit (a text has
    tens of features, the vector ~1,000 dimensions); the same floats as l2_normalise gives."""
    slots: dict[int, float] = {}
    for feature, weight in features(text).items():
        index, sign = _slot(feature, dim)
        slots[index] = slots.get(index, 0.0) + sign * weight
    vector = [0.0] * dim
    norm = math.sqrt(sum(slots[i] * slots[i] for i in sorted(slots)))  # in index order
    if norm == 0.0:
        return vector
    for index, value in slots.items():
        vector[index] = value / norm
    return vector


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
