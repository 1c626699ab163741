"""Kill -9 a real executor mid-step: the janitor finds the silent run within the heartbeat
window and queues it again, and another executor completes it without any request."""

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from shared.broker import Publisher
from shared.config import Settings
from shared.db import executions, tasks
from shared.messages import ExecuteTask, ExecuteTaskPayload
from shared.topology import Topology
from tests.e2e.conftest import LOCKED_TABLE, table_locked
from tests.helpers import wait_until

pytestmark = pytest.mark.usefixtures("janitor_service")
API = "/api/v0/data_pipeline"
REPO = Path(__file__).resolve().parents[2]


def _env(settings: Settings, business_url: str) -> dict[str, str]:
    # Its own AMQP namespace: the package's in-process executor must not take these commands.
    return {
        **os.environ,
        "DP_DATABASE_URL": settings.database_url.get_secret_value(),
        "DP_AMQP_URL": settings.amqp_url.get_secret_value(),
        "DP_AMQP_NAMESPACE": _namespace(settings),
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


async def _post(api, path, body):
    response = await api.post(f"{API}{path}", json=body)
    return response.status, await response.json()


async def _execution_in(pool, execution_id, status):
    e = await executions.get(pool, execution_id)
    return e if e and e.status == status else None


async def _blocked_on_lock(business_url):
    # A separate connection: inside the locking transaction pg_stat_activity is a frozen snapshot.
    conn = await asyncpg.connect(business_url)
    try:
        waiting = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    finally:
        await conn.close()
    return waiting > 0


def _namespace(settings: Settings) -> str:
    return f"{settings.amqp_namespace}_zombie"


@pytest.fixture(scope="module")
async def zombie_publisher(settings, amqp) -> AsyncIterator[Publisher]:
    """Publishes execute commands straight to RabbitMQ, as another service would."""
    topology = Topology(_namespace(settings))
    yield await Publisher.open(amqp, topology)
    channel = await amqp.channel()
    for queue in [*topology.consumers, topology.dead]:
        await channel.queue_delete(queue)
    for exchange in (topology.commands, topology.events, topology.dlx):
        await channel.exchange_delete(exchange)
    await channel.close()


async def _execute(publisher, pool, task_id):
    cmd = ExecuteTask(payload=ExecuteTaskPayload(task_id=task_id, step="ddl_generation"))
    await publisher.command(cmd, "task.execute")
    execution = await wait_until(lambda: executions.get_by_command(pool, str(cmd.command_id)))
    return execution.execution_id


async def test_killed_executor_is_retried_and_completed_by_another_executor(
    gateway_api, pool, settings, business_copy, tmp_path, zombie_publisher, executor
):
    env = _env(settings, business_copy)
    status, created = await _post(gateway_api, "/tasks", {"table_list": [LOCKED_TABLE]})
    assert status == 201, created
    task_id = created["data"]["task_id"]

    async with table_locked(business_copy):
        async with executor_process(env, tmp_path / "executor1.log") as first:
            execution_id = await _execute(zombie_publisher, pool, task_id)
            running = await wait_until(
                lambda: _execution_in(pool, execution_id, "running"), timeout=60
            )
            await wait_until(lambda: _blocked_on_lock(business_copy), timeout=20)
            first.kill()  # SIGKILL: no hand-back, no final status, heartbeats just stop
            await first.wait()

        # The janitor re-sends it on the session's queue: the package's executor (on the
        # unlocked sample DB) takes it over, as a second executor of a deployment would.
        window = settings.lost_after_seconds + 4 * settings.janitor_interval_seconds + 60
        done = await wait_until(
            lambda: _execution_in(pool, execution_id, "completed"), timeout=window, interval=0.2
        )
    assert done.attempt == 2
    assert done.worker_id != running.worker_id
    assert (await tasks.get(pool, task_id)).step_status["ddl_generation"] == "completed"
