"""Janitor test support: the janitor's dependencies for calling its functions directly."""

import asyncpg

from services.janitor.deps import Deps
from services.janitor.metrics import JanitorMetrics
from shared.broker import Publisher
from shared.config import Settings


def deps_for(settings: Settings, pool: asyncpg.Pool, publisher: Publisher | None = None) -> Deps:
    return Deps(settings, pool, publisher, JanitorMetrics())
