"""Operator commands: `sweep --job <name|all> [--dry-run]` prints the sweep reports as JSON."""

import argparse
import asyncio
import logging
from typing import Any

from aio_pika.abc import AbstractRobustConnection

from services.janitor.deps import Deps
from services.janitor.metrics import JanitorMetrics
from services.janitor.sweeps import JOBS, run_sweep
from shared import broker
from shared.config import Settings
from shared.db.migrate import apply_migrations
from shared.db.pool import create_pool
from shared.topology import Topology

log = logging.getLogger(__name__)
BROKER_TIMEOUT = 5.0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m services.janitor")
    sub = p.add_subparsers(dest="command")
    sweep = sub.add_parser("sweep", help="run one periodic job now and print its report")
    sweep.add_argument("--job", choices=[*JOBS, "all"], required=True)
    sweep.add_argument("--dry-run", action="store_true", help="report only, change nothing")
    return p


async def _publisher(
    settings: Settings,
) -> tuple[broker.Publisher | None, AbstractRobustConnection | None]:
    """Events (execution.lost) need the broker; a sweep still runs without one."""
    try:
        connection = await asyncio.wait_for(
            broker.connect(settings.amqp_url.get_secret_value()), BROKER_TIMEOUT
        )
    except Exception as exc:  # optional dependency of a one-off command
        log.warning("broker unavailable, events will not be published: %s", exc)
        return None, None
    topology = Topology(settings.amqp_namespace)
    return await broker.Publisher.open(connection, topology), connection


async def sweep(settings: Settings, job: str, dry_run: bool) -> list[dict[str, Any]]:
    pool = await create_pool(settings.database_url.get_secret_value(), max_size=4)
    publisher, connection = await _publisher(settings)
    try:
        async with pool.acquire() as conn:
            await apply_migrations(conn)
        deps = Deps(settings, pool, publisher, JanitorMetrics())
        jobs = list(JOBS) if job == "all" else [job]
        return [await run_sweep(deps, name, dry_run=dry_run) for name in jobs]
    finally:
        if connection is not None:
            await connection.close()
        await pool.close()
