"""Medians, spreads, nearest-rank percentiles and interleaved repeats."""

import math
import statistics
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Spread:
    """Median with [min-max] over the repeats."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: list[float]) -> "Spread":
        return cls(statistics.median(values), min(values), max(values))

    def show(self, fmt: str = "{:.3g}") -> str:
        return f"{fmt.format(self.median)} [{fmt.format(self.low)}–{fmt.format(self.high)}]"


async def interleaved(
    repeats: int, baseline: Callable[[], Awaitable[T]], project: Callable[[], Awaitable[U]]
) -> tuple[list[T], list[U]]:
    """Runs both `repeats` times, alternating which goes first, so drift hits both alike."""
    base: list[T] = []
    proj: list[U] = []
    for i in range(repeats):
        if i % 2 == 0:
            base.append(await baseline())
            proj.append(await project())
        else:
            proj.append(await project())
            base.append(await baseline())
    return base, proj


def ratios(project: list[float], baseline: list[float]) -> list[float]:
    """Per-repeat project/baseline ratios (paired: each repeat's two ran back to back)."""
    return [p / b for p, b in zip(project, baseline, strict=True)]
