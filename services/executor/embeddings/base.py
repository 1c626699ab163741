"""The embedder contract the training_load step uses, and vector normalisation."""

import math
from typing import Protocol


class Embedder(Protocol):
    """Turns texts into vectors of `dim` floats, L2-normalised (an empty text: all zeros)."""

    @property
    def dim(self) -> int: ...

    async def embed(self, texts: list[str]) -> list[list[float]]: ...


def l2_normalise(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in vector))
    if norm == 0.0:
        return [0.0] * len(vector)
    return [v / norm for v in vector]
