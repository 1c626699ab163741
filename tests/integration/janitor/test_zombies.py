"""Zombie executions: a running execution whose executor went silent is queued again for
another executor while attempts remain, and declared lost after the last one."""

import pytest

from services.janitor import zombies
from services.janitor.sweeps import run_sweep
from shared.db import commands, executions, logs, tasks
from shared.events import ExecutionLost, decode_event
from shared.topology import Topology
from tests.helpers import wait_until
from tests.helpers.tasks import WORKER, make_task, queue_and_claim
from tests.integration.janitor.support import deps_for

pytestmark = pytest.mark.usefixtures("janitor")


async def _lost(pool, execution_id):
    """The execution lost and its task's running step failed (two writes of the sweep)."""
    e = await executions.get(pool, execution_id)
    if e is None or e.status != "lost":
        return None
    task = await tasks.get(pool, e.task_id)
    return e if task.step_status["ddl_generation"] == "failed" else None


async def _sweep(deps, *, dry_run):
    """A sweep that ran: the background janitor may hold the job's lock for a moment."""

    async def ran():
        report = await run_sweep(deps, "zombies", dry_run=dry_run)
        return None if report["skipped"] else report

    return await wait_until(ran, timeout=30)


async def test_silent_execution_on_its_last_attempt_is_lost_within_the_window(pool, settings, amqp):
    channel = await amqp.channel()
    watch = await channel.declare_queue(exclusive=True, auto_delete=True)
    await watch.bind(
        await channel.get_exchange(Topology(settings.amqp_namespace).events),
        routing_key="execution.lost",
    )
    task_id = await make_task(pool, settings.data_root)
    # The last attempt, then no heartbeat ever again.
    running = await queue_and_claim(pool, task_id, attempt=settings.max_attempts)

    window = settings.lost_after_seconds + 3 * settings.janitor_interval_seconds + 2
    lost = await wait_until(lambda: _lost(pool, running.execution_id), timeout=window)

    assert "心跳超时" in lost.error_message
    # The event comes last, after the steps, the log row, the audit row and the task result.
    event = await wait_until(lambda: watch.get(no_ack=True, fail=False), timeout=10)
    body = decode_event(event.body)
    assert isinstance(body, ExecutionLost)
    assert (body.execution_id, body.failed_steps) == (running.execution_id, ["ddl_generation"])
    task = await tasks.get(pool, task_id)
    assert task.step_status["ddl_generation"] == "failed"
    assert task.result["failed_steps"] == ["ddl_generation"]
    rows = await logs.query(pool, task_id, min_level="ERROR")
    assert any("执行已丢失" in r.message and r.execution_id == running.execution_id for r in rows)
    audit = await commands.list_recent(pool, "janitor.zombies", limit=50)
    assert any(c.task_id == task_id and c.issued_by == "janitor" for c in audit)
    # The executor coming back finds its heartbeat refused, so it stops.
    assert await executions.heartbeat(pool, running.execution_id, WORKER) is None
    await channel.close()


async def test_execution_past_the_runtime_limit_is_lost_even_with_heartbeats(pool, settings):
    task_id = await make_task(pool, settings.data_root)
    running = await queue_and_claim(pool, task_id, attempt=settings.max_attempts)
    strict = settings.model_copy(update={"max_step_seconds": 0.001})
    # A fresh heartbeat: only the runtime (already far past 1 ms) can make it stale.
    assert await executions.heartbeat(pool, running.execution_id, WORKER) is False

    dry = await _sweep(deps_for(strict, pool), dry_run=True)
    assert (await executions.get(pool, running.execution_id)).status == "running"
    report = await _sweep(deps_for(strict, pool), dry_run=False)

    mine = [a for a in report["actions"] if a["execution_id"] == running.execution_id]
    assert [a for a in dry["actions"] if a["execution_id"] == running.execution_id] == mine
    assert "运行时间超过上限" in mine[0]["reason"]
    assert (await executions.get(pool, running.execution_id)).status == "lost"


async def _resent(pool, task_id):
    recent = await commands.list_recent(pool, "task.execute", limit=200)
    return [c for c in recent if c.task_id == task_id and c.status == "published"]


async def test_silent_execution_with_attempts_left_is_queued_again_with_a_new_command(
    pool, settings
):
    task_id = await make_task(pool, settings.data_root)
    running = await queue_and_claim(pool, task_id)
    window = settings.lost_after_seconds + 3 * settings.janitor_interval_seconds + 2
    resent = await wait_until(lambda: _resent(pool, task_id), timeout=window)

    assert [(c.issued_by, c.payload["execution_id"]) for c in resent] == [
        ("janitor", running.execution_id)
    ]
    queued = await executions.get(pool, running.execution_id)
    assert (queued.status, queued.worker_id, queued.attempt, queued.dispatches) == (
        "queued", None, 1, 1,
    )  # fmt: skip
    assert (await tasks.get(pool, task_id)).step_status["ddl_generation"] == "pending"
    rows = await logs.query(pool, task_id, min_level="WARNING")
    assert any("重新排队(第 2/3 次尝试)" in r.message for r in rows)
    # No executor here: finish it so the message, when some executor takes it, is dropped.
    assert await executions.finish(
        pool, running.execution_id, status="cancelled", from_status=("queued",)
    )


async def test_marking_lost_is_one_transaction(pool, settings, monkeypatch):
    task_id = await make_task(pool, settings.data_root)
    running = await queue_and_claim(pool, task_id, attempt=settings.max_attempts)
    deps = deps_for(settings, pool)

    async def database_gone(*_args, **_kwargs):  # the last write of the transaction fails
        raise ConnectionResetError("app database gone")

    with monkeypatch.context() as patch:
        patch.setattr(zombies, "insert_action", database_gone)
        with pytest.raises(ConnectionResetError):
            await zombies.mark_lost(deps, running, "test")
    # Nothing of it stayed: the execution and its step still run, no log row says lost.
    assert (await executions.get(pool, running.execution_id)).status == "running"
    assert (await tasks.get(pool, task_id)).step_status["ddl_generation"] == "running"
    assert not [r for r in await logs.query(pool, task_id) if "执行已丢失" in r.message]

    assert await zombies.mark_lost(deps, running, "test")
    assert (await executions.get(pool, running.execution_id)).status == "lost"
    assert (await tasks.get(pool, task_id)).step_status["ddl_generation"] == "failed"
