"""Services for tests: a worker loop in-process, the janitor's quiet settings, and a real
executor as a process (to kill)."""

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from shared.config import Settings

REPO = Path(__file__).resolve().parents[2]


@contextlib.asynccontextmanager
async def running(worker: Any, settings: Settings) -> AsyncIterator[asyncio.Task[None]]:
    """`worker(settings, stop)` as a task; stopped (and waited for) afterwards."""
    stop = asyncio.Event()
    task = asyncio.create_task(worker(settings, stop))
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=60)


def quiet_janitor_settings(settings: Settings, **changes: object) -> Settings:
    """Session settings for an in-process janitor: only the zombie sweep runs periodically
    (the others are driven by the tests), and no metrics port (parallel runs would clash)."""
    return settings.model_copy(
        update={"janitor_jobs": "zombies", "janitor_metrics_port": 0, **changes}
    )


def executor_env(settings: Settings, business_url: str, namespace: str) -> dict[str, str]:
    """The environment of an executor process on the session's stores; its own AMQP
    namespace, so the in-process executor of the package never takes its commands."""
    return {
        **os.environ,
        "DP_DATABASE_URL": settings.database_url.get_secret_value(),
        "DP_AMQP_URL": settings.amqp_url.get_secret_value(),
        "DP_AMQP_NAMESPACE": namespace,
        "DP_DATA_ROOT": str(settings.data_root),
        "DP_BUSINESS_DATABASE_URL": business_url,
        "DP_HEARTBEAT_SECONDS": str(settings.heartbeat_seconds),
        "DP_LOST_AFTER_SECONDS": str(settings.lost_after_seconds),
    }


@contextlib.asynccontextmanager
async def executor_process(
    env: dict[str, str], log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    with log.open("ab") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "services.executor", env=env, cwd=REPO, stdout=out, stderr=out
        )
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), 60)
