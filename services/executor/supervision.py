"""An execution's lifetime beside its steps: the heartbeat, the stop when the execution was
cancelled or declared lost by the janitor, and on process shutdown the graceful hand-back (row
and message back to the queue, so another executor picks it up instead of waiting for the
janitor).

The heartbeat proves the run moves, not only that the process lives: once the run has been
silent (no task-log line, progress report, registered output or retried write) for longer than
DP_STALL_SECONDS, the heartbeat is withheld, so the janitor declares the execution lost and
another executor takes it over (the old run is then stopped here, from the row's state). A run
hung in a call that never returns (a pool close waiting for a connection nobody gives back) is
not kept alive forever."""

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable, Coroutine
from typing import Any

import asyncpg

from services.executor.deps import Deps
from services.executor.step_runner import Run
from shared import task_state
from shared.db import execution_recovery, executions
from shared.dispatch import redispatch
from shared.models import StepName, StepStatus
from shared.records import ExecutionRecord, TaskRecord

log = logging.getLogger(__name__)


async def _unbeaten_state(pool: asyncpg.Pool, execution_id: str, worker_id: str) -> bool | None:
    """What executions.heartbeat answers (cancel_requested, None when no longer this worker's
    running execution), read without refreshing the heartbeat."""
    e = await executions.get(pool, execution_id)
    if e is None or e.status != "running" or e.worker_id != worker_id:
        return None
    return e.cancel_requested


async def keep_alive(
    pool: asyncpg.Pool,
    execution_id: str,
    worker_id: str,
    interval: float,
    stop: Callable[[str], None],
    *,
    on_beat: Callable[[], None] | None = None,
    idle: Callable[[], float] = lambda: 0.0,
    stall_after: float = math.inf,
) -> None:
    """Runs until cancelled; calls stop("cancelled") or stop("lost") once, then returns."""
    stalled = False
    while True:
        await asyncio.sleep(interval)
        if (quiet := idle()) > stall_after and not stalled:
            log.warning("execution %s silent for %.0fs: heartbeat withheld", execution_id, quiet)
        elif quiet <= stall_after and stalled:
            log.warning("execution %s moves again: heartbeat resumed", execution_id)
        stalled = quiet > stall_after
        try:
            if stalled:
                state = await _unbeaten_state(pool, execution_id, worker_id)
            else:
                state = await executions.heartbeat(pool, execution_id, worker_id)
        except (OSError, asyncpg.PostgresError) as exc:  # a DB blip: try again next beat
            log.warning("heartbeat for %s failed: %s", execution_id, exc)
            continue
        if on_beat is not None and not stalled:
            on_beat()
        if state is None:
            stop("lost")
            return
        if state:
            stop("cancelled")
            return


async def hand_back(deps: Deps, e: ExecutionRecord, task: TaskRecord) -> bool:
    """`task` is the row as the run last wrote it: its running steps go back to pending."""
    if not await execution_recovery.requeue(deps.pool, e.execution_id, deps.worker_id):
        return False
    running = [StepName(s) for s, v in task.step_status.items() if v == StepStatus.running]
    await task_state.set_steps(deps.pool, e.task_id, dict.fromkeys(running, StepStatus.pending))
    await redispatch(deps.pool, deps.publisher, e, f"executor:{deps.worker_id}")
    log.warning("handed back %s to the queue on shutdown", e.execution_id)
    return True


async def supervise(run: Run, steps: Coroutine[Any, Any, dict[str, Any]]) -> dict[str, Any]:
    """Runs the steps in a child task that the heartbeat can cancel."""
    work = asyncio.create_task(steps)

    def stop(reason: str) -> None:
        run.stop_reason = reason
        work.cancel()

    deps, execution_id = run.deps, run.execution.execution_id
    beats = deps.metrics.beats

    def beaten() -> None:
        beats[execution_id] = time.monotonic()

    beaten()
    interval = deps.settings.heartbeat_seconds
    stall = deps.settings.stall_seconds
    beat = asyncio.create_task(
        keep_alive(
            deps.pool, execution_id, deps.worker_id, interval, stop,
            on_beat=beaten, idle=run.log.idle_seconds, stall_after=stall,
        )
    )  # fmt: skip
    try:
        return await work
    except asyncio.CancelledError:
        if run.stop_reason is None:  # process shutdown: give the execution back, then stop
            await asyncio.shield(hand_back(deps, run.execution, run.task))
        raise
    finally:
        beats.pop(execution_id, None)
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat
