"""The janitor's composition root: what handlers and sweeps need, built once per process."""

from dataclasses import dataclass

import asyncpg

from services.janitor.metrics import JanitorMetrics
from shared.broker import Publisher
from shared.config import Settings


@dataclass(frozen=True)
class Deps:
    settings: Settings
    pool: asyncpg.Pool
    # None when run as a one-off CLI sweep without a broker: events are then skipped.
    publisher: Publisher | None
    metrics: JanitorMetrics
