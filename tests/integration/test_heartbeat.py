"""The executor's heartbeat proves the run moves: it beats while the run writes its log, is
withheld once the run has been silent past the stall limit (so the janitor takes it over),
and the silent run is then stopped from the row's state."""

import asyncio
import logging

import pytest

from services.executor.supervision import keep_alive
from shared.db import execution_recovery, executions
from tests.helpers import wait_until
from tests.helpers.tasks import WORKER, make_task, queue_and_claim

INTERVAL = 0.05


class Silence:
    """The run's idle time as the test sets it, and how many beats looked at it."""

    def __init__(self) -> None:
        self.seconds, self.looks, self.beats = 0.0, 0, 0

    def __call__(self) -> float:
        self.looks += 1
        return self.seconds

    def beaten(self) -> None:
        self.beats += 1


async def _withheld(caplog: pytest.LogCaptureFixture) -> bool:
    return any("heartbeat withheld" in r.getMessage() for r in caplog.records)


async def _start(pool, settings, silence: Silence, stops: list[str]):
    task_id = await make_task(pool, settings.data_root)
    running = await queue_and_claim(pool, task_id)
    beat = asyncio.create_task(
        keep_alive(
            pool, running.execution_id, WORKER, INTERVAL, stops.append,
            on_beat=silence.beaten, idle=silence, stall_after=60.0,
        )
    )  # fmt: skip
    return running, beat


async def _stop(pool, beat: asyncio.Task[None], execution_id: str) -> None:
    """Ends the beat and the execution (a running row left behind is a later sweep's zombie)."""
    beat.cancel()
    await asyncio.gather(beat, return_exceptions=True)
    await executions.finish(
        pool, execution_id, status="cancelled", from_status=("queued", "running")
    )


async def test_a_silent_run_loses_its_heartbeat_and_stops_once_taken_over(
    pool, settings, caplog: pytest.LogCaptureFixture
):
    silence, stops = Silence(), list[str]()
    caplog.set_level(logging.WARNING, logger="services.executor.supervision")
    running, beat = await _start(pool, settings, silence, stops)
    try:
        await wait_until(lambda: asyncio.sleep(0, silence.beats >= 2), timeout=10)
        silence.seconds = 61.0  # past the stall limit: the run has not moved for a minute
        await wait_until(lambda: _withheld(caplog), timeout=10)
        withheld_at = (await executions.get(pool, running.execution_id)).heartbeat_at
        beats, looks = silence.beats, silence.looks
        # Two whole beats later the heartbeat has not moved (each beat looks at idle once).
        await wait_until(lambda: asyncio.sleep(0, silence.looks >= looks + 3), timeout=10)
        assert (await executions.get(pool, running.execution_id)).heartbeat_at == withheld_at
        assert silence.beats == beats
        assert stops == []

        # The janitor queues it again for another executor: this run stops at its next beat.
        assert await execution_recovery.requeue_lost(pool, running.execution_id, WORKER)
        await asyncio.wait_for(beat, timeout=10)
        assert stops == ["lost"]
    finally:
        await _stop(pool, beat, running.execution_id)


async def test_a_silent_run_still_sees_a_cancel_and_beats_again_when_it_moves(pool, settings):
    silence, stops = Silence(), list[str]()
    silence.seconds = 61.0
    running, beat = await _start(pool, settings, silence, stops)
    try:
        looks = silence.looks
        await wait_until(lambda: asyncio.sleep(0, silence.looks >= looks + 2), timeout=10)
        assert silence.beats == 0
        silence.seconds = 0.0  # a log line: it moves again
        await wait_until(lambda: asyncio.sleep(0, silence.beats >= 1), timeout=10)
        silence.seconds = 61.0
        await executions.request_cancel(pool, running.task_id)
        await asyncio.wait_for(beat, timeout=10)
        assert stops == ["cancelled"]
    finally:
        await _stop(pool, beat, running.execution_id)
