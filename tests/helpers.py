"""Test helpers: condition waits (never sleeps to paper over races) and unique ids."""

import asyncio
import itertools
import random
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

T = TypeVar("T")

# Task ids must look like task_YYYYMMDD_HHMMSS; a random far-future base keeps runs apart.
_base = datetime(2090, 1, 1) + timedelta(seconds=random.randrange(10**9))
_counter = itertools.count()


def new_task_id() -> str:
    return f"task_{_base + timedelta(seconds=next(_counter)):%Y%m%d_%H%M%S}"


async def wait_until(
    probe: Callable[[], Awaitable[T]], *, timeout: float = 30.0, interval: float = 0.05
) -> T:
    """Polls `probe` until it returns something truthy; fails the test after `timeout`."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")
