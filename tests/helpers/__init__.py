"""Test support, one home for every tier (test modules never import each other or a conftest):
condition waits (never sleeps to paper over races), unique ids and names, the API base; the
gateway client and its calls (`api.py`), the broker (`broker.py`), databases (`databases.py`),
services in-process or as processes (`services.py`), task builders (`tasks.py`)."""

import asyncio
import contextlib
import itertools
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from services.gateway.views import API_BASE

T = TypeVar("T")
API = API_BASE

# Task ids must look like task_YYYYMMDD_HHMMSS; a random far-future base keeps runs apart.
_base = datetime(2090, 1, 1) + timedelta(seconds=random.randrange(10**9))
_counter = itertools.count()


def new_task_id() -> str:
    return f"task_{_base + timedelta(seconds=next(_counter)):%Y%m%d_%H%M%S}"


def unique(prefix: str) -> str:
    """A name no other test (or run) uses: the marker to count one test's rows by."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


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


async def cancel_all(tasks: list["asyncio.Task[Any]"]) -> None:
    """Cancels the tasks and waits until each has ended."""
    for task in tasks:
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*tasks, return_exceptions=True)
