"""Kill -9 a real executor mid-step: the janitor finds the silent run within the heartbeat
window and queues it again, and another executor completes it without any request."""

from collections.abc import AsyncIterator

import pytest

from shared.broker import Publisher
from shared.config import Settings
from shared.db import executions, tasks
from shared.messages import ExecuteTask, ExecuteTaskPayload
from tests.helpers import API, wait_until
from tests.helpers.broker import private_publisher
from tests.helpers.databases import LOCKED_TABLE, blocked_on_lock, table_locked
from tests.helpers.services import executor_env, executor_process

pytestmark = pytest.mark.usefixtures("janitor_service")


async def _post(api, path, body):
    response = await api.post(f"{API}{path}", json=body)
    return response.status, await response.json()


async def _execution_in(pool, execution_id, status):
    e = await executions.get(pool, execution_id)
    return e if e and e.status == status else None


def _namespace(settings: Settings) -> str:
    return f"{settings.amqp_namespace}_zombie"


@pytest.fixture(scope="module")
async def zombie_publisher(settings, amqp) -> AsyncIterator[Publisher]:
    """Publishes execute commands straight to RabbitMQ, as another service would."""
    async with private_publisher(amqp, _namespace(settings)) as publisher:
        yield publisher


async def _execute(publisher, pool, task_id):
    cmd = ExecuteTask(payload=ExecuteTaskPayload(task_id=task_id, step="ddl_generation"))
    await publisher.command(cmd, "task.execute")
    execution = await wait_until(lambda: executions.get_by_command(pool, str(cmd.command_id)))
    return execution.execution_id


async def test_killed_executor_is_retried_and_completed_by_another_executor(
    gateway_api, pool, settings, business_copy, tmp_path, zombie_publisher, executor
):
    env = executor_env(settings, business_copy, _namespace(settings))
    status, created = await _post(gateway_api, "/tasks", {"table_list": [LOCKED_TABLE]})
    assert status == 201, created
    task_id = created["data"]["task_id"]

    async with table_locked(business_copy):
        async with executor_process(env, tmp_path / "executor1.log") as first:
            execution_id = await _execute(zombie_publisher, pool, task_id)
            running = await wait_until(
                lambda: _execution_in(pool, execution_id, "running"), timeout=60
            )
            await wait_until(lambda: blocked_on_lock(business_copy), timeout=20)
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
