"""Periodic jobs: each under its advisory lock, with a dry-run mode and a report."""

import time
from collections.abc import Awaitable, Callable
from typing import Any

from services.janitor import orphans, quota, reconcile, retention, zombies
from services.janitor.deps import Deps
from services.janitor.locks import advisory_lock
from services.janitor.report import SweepReport
from shared.config import Settings

Job = Callable[[Deps, SweepReport], Awaitable[None]]
JOBS: dict[str, Job] = {
    "zombies": zombies.sweep,
    "orphans": orphans.sweep,
    "retention": retention.sweep,
    "quota": quota.sweep,
    "reconcile": reconcile.sweep,
}


def enabled_jobs(settings: Settings) -> list[str]:
    """DP_JANITOR_JOBS as a list; an unknown name is a configuration error, not a silent skip."""
    names = [n.strip() for n in settings.janitor_jobs.split(",") if n.strip()]
    unknown = [n for n in names if n not in JOBS]
    if unknown:
        raise ValueError(f"unknown janitor job(s): {', '.join(unknown)}; known: {', '.join(JOBS)}")
    return names


async def run_sweep(deps: Deps, job: str, *, dry_run: bool) -> dict[str, Any]:
    report = SweepReport(job, dry_run)
    began = time.monotonic()
    async with advisory_lock(deps.pool, job) as held:
        if held:
            await JOBS[job](deps, report)
        else:
            report.skipped = True
    deps.metrics.sweeps.labels(job, "skipped" if report.skipped else "done").inc()
    return report.as_dict(time.monotonic() - began)
