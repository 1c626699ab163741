"""Operator commands: `sweep --job <name|all> [--dry-run]` prints the sweep reports as JSON."""

import argparse
import asyncio
import logging
from contextlib import AsyncExitStack
from typing import Any

from services.janitor.deps import Deps
from services.janitor.metrics import JanitorMetrics
from services.janitor.sweeps import JOBS, run_sweep
from shared.broker import Publisher, open_publisher
from shared.config import Settings
from shared.db.pool import open_app_pool

log = logging.getLogger(__name__)
BROKER_TIMEOUT = 5.0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m services.janitor")
    sub = p.add_subparsers(dest="command")
    sweep = sub.add_parser("sweep", help="run one periodic job now and print its report")
    sweep.add_argument("--job", choices=[*JOBS, "all"], required=True)
    sweep.add_argument("--dry-run", action="store_true", help="report only, change nothing")
    return p


async def _publisher(stack: AsyncExitStack, settings: Settings) -> Publisher | None:
    """Events (execution.lost) need the broker; a sweep still runs without one."""
    opening = stack.enter_async_context(open_publisher(settings, patient=False))
    try:
        return await asyncio.wait_for(opening, BROKER_TIMEOUT)
    except Exception as exc:  # optional dependency of a one-off command
        log.warning("broker unavailable, events will not be published: %s", exc)
        return None


async def sweep(settings: Settings, job: str, dry_run: bool) -> list[dict[str, Any]]:
    async with AsyncExitStack() as stack:
        pool = await stack.enter_async_context(open_app_pool(settings, max_size=4, patient=False))
        deps = Deps(settings, pool, await _publisher(stack, settings), JanitorMetrics())
        jobs = list(JOBS) if job == "all" else [job]
        return [await run_sweep(deps, name, dry_run=dry_run) for name in jobs]
