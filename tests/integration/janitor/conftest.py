"""Fixtures: an in-process janitor for this package only."""

from collections.abc import AsyncIterator

import asyncpg
import pytest

from services.janitor.worker import run_worker
from shared import broker
from shared.config import Settings
from tests.helpers.services import quiet_janitor_settings, running


@pytest.fixture(scope="package")
async def janitor(
    settings: Settings, pool: asyncpg.Pool, publisher: broker.Publisher
) -> AsyncIterator[object]:
    """The real janitor worker; sweeps zombies only, the other sweeps are driven by tests."""
    async with running(run_worker, quiet_janitor_settings(settings)) as task:
        yield task
