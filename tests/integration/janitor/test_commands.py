"""DeleteTasks and CancelExecution published straight to RabbitMQ, as another service would."""

import asyncio
import json
import uuid

import aio_pika
import pytest

from shared.broker import Unroutable
from shared.db import commands, executions, logs, tasks
from shared.messages import (
    CancelExecution,
    CancelExecutionPayload,
    DeleteTasks,
    DeleteTasksPayload,
)
from shared.topology import Topology
from tests.helpers import new_task_id, wait_until
from tests.helpers.tasks import honour_cancel, make_task, queue_and_claim

pytestmark = pytest.mark.usefixtures("janitor")


async def _final(pool, command_id):
    record = await commands.get(pool, str(command_id))
    return record if record and record.status in ("completed", "failed") else None


async def test_delete_keeping_records_marks_directory_gone(pool, settings, publisher):
    task_id = await make_task(pool, settings.data_root, {"a.ddl": b"x" * 100, "b/c.md": b"y" * 50})
    before = await tasks.get(pool, task_id)
    cmd = DeleteTasks(
        issued_by="other-service", payload=DeleteTasksPayload(task_ids=[task_id], confirm=True)
    )
    await publisher.command(cmd, "task.delete")

    record = await wait_until(lambda: _final(pool, cmd.command_id))
    assert record.source == "amqp"
    assert record.issued_by == "other-service"
    assert record.task_id == task_id
    deleted = record.result["data"]["deleted_tasks"][0]
    assert deleted["deleted_files_count"] == 2
    assert deleted["deleted_bytes"] == 150
    assert deleted["deleted_size"] == "150 B"
    assert not (settings.data_root / task_id).exists()
    task = await tasks.get(pool, task_id)
    assert task.directory_exists is False
    assert task.updated_at is not None
    assert before.updated_at is None or task.updated_at > before.updated_at


async def test_duplicate_delivery_has_the_effect_of_one(pool, settings, publisher):
    task_id = await make_task(pool, settings.data_root, {"f": b"1234"})
    payload = DeleteTasksPayload(task_ids=[task_id], confirm=True, delete_database_records=True)
    cmd = DeleteTasks(payload=payload)
    await publisher.command(cmd, "task.delete")
    first = await wait_until(lambda: _final(pool, cmd.command_id))
    await publisher.command(cmd, "task.delete")
    marker = DeleteTasks(payload=DeleteTasksPayload(task_ids=[new_task_id()], confirm=True))
    await publisher.command(marker, "task.delete")
    await wait_until(lambda: _final(pool, marker.command_id))

    again = await commands.get(pool, str(cmd.command_id))
    # A second processing would have found the task gone (TASK_NOT_FOUND): the result is unchanged.
    assert again.result == first.result
    assert again.result["data"]["summary"]["successfully_deleted"] == 1
    assert await tasks.get(pool, task_id) is None


async def test_reply_to_gets_the_http_envelope(pool, settings, amqp):
    task_id = await make_task(pool, settings.data_root, {"f": b"12"})
    channel = await amqp.channel()
    replies = await channel.declare_queue(
        Topology(settings.amqp_namespace).reply_queue(), exclusive=True, auto_delete=True
    )
    cmd = DeleteTasks(payload=DeleteTasksPayload(task_ids=[task_id], confirm=True))
    exchange = await channel.get_exchange(Topology(settings.amqp_namespace).commands)
    await exchange.publish(
        aio_pika.Message(
            cmd.model_dump_json().encode(),
            message_id=str(cmd.command_id),
            reply_to=replies.name,
            correlation_id="corr-1",
        ),
        "task.delete",
    )
    reply = await wait_until(lambda: replies.get(no_ack=True, fail=False), timeout=20)
    body = json.loads(reply.body)
    assert reply.correlation_id == "corr-1"
    assert body["success"] is True
    assert body["message"] == "批量删除完成"
    assert body["data"]["deleted_tasks"][0]["task_id"] == task_id
    await channel.close()


async def test_invalid_message_is_dead_lettered_and_not_requeued(settings, amqp):
    topology = Topology(settings.amqp_namespace)
    channel = await amqp.channel()
    watch = await channel.declare_queue(exclusive=True, auto_delete=True)
    await watch.bind(await channel.get_exchange(topology.dlx))
    marker = uuid.uuid4().hex
    body = {"type": "task.delete", "payload": {"task_ids": ["task_20990101_000001"]}}
    exchange = await channel.get_exchange(topology.commands)
    await exchange.publish(
        aio_pika.Message(json.dumps(body).encode(), message_id=marker), "task.delete"
    )

    async def dead_lettered():
        message = await watch.get(no_ack=True, fail=False)
        return message if message and message.message_id == marker else None

    message = await wait_until(dead_lettered, timeout=20)
    assert "invalid command" in message.headers["x-dp-error"]
    assert "confirm" in message.headers["x-dp-error"]
    await channel.close()


async def test_cancel_of_a_queued_execution_finishes_it_at_once(pool, settings, publisher):
    task_id = await make_task(pool, settings.data_root)
    async with pool.acquire() as conn, conn.transaction():
        queued = await executions.insert_queued(
            conn,
            task_id=task_id,
            step="ddl_generation",
            execution_id=f"{task_id}_step_ddl_generation_exec_q",
            force_executed=False,
            clean_previous=False,
            options={},
            command_id=None,
        )
    cmd = CancelExecution(payload=CancelExecutionPayload(task_id=task_id, reason="用户取消"))
    await publisher.command(cmd, "task.cancel")

    record = await wait_until(lambda: _final(pool, cmd.command_id))
    assert record.result["data"]["status"] == "cancelled"
    execution = await executions.get(pool, queued.execution_id)
    assert execution.status == "cancelled"
    assert execution.error_message == "用户取消"
    assert await executions.claim(pool, queued.execution_id, "late-worker") is None


async def test_cancel_of_a_running_execution_flags_it_for_its_executor(pool, settings, publisher):
    task_id = await make_task(pool, settings.data_root)
    running = await queue_and_claim(pool, task_id)
    executor = asyncio.create_task(honour_cancel(pool, running, settings.heartbeat_seconds))
    cmd = CancelExecution(payload=CancelExecutionPayload(task_id=task_id))
    await publisher.command(cmd, "task.cancel")

    record = await wait_until(lambda: _final(pool, cmd.command_id))
    assert record.status == "completed"
    assert record.result["code"] == 202
    assert await asyncio.wait_for(executor, 10) == "cancelled"
    task = await tasks.get(pool, task_id)
    assert task.step_status["ddl_generation"] == "cancelled"


async def test_cancel_without_active_execution_fails_with_code(pool, settings, publisher):
    task_id = await make_task(pool, settings.data_root)
    cmd = CancelExecution(payload=CancelExecutionPayload(task_id=task_id))
    await publisher.command(cmd, "task.cancel")
    record = await wait_until(lambda: _final(pool, cmd.command_id))
    assert record.status == "failed"
    assert record.error_code == "NO_ACTIVE_EXECUTION"
    assert record.result["code"] == 409
    assert await logs.count(pool, task_id) == 0


async def test_reply_to_outside_the_namespace_is_not_answered(pool, settings, amqp, caplog):
    """L5: a publisher could make the janitor post envelopes into any queue it named."""
    channel = await amqp.channel()
    victim = await channel.declare_queue(f"victim_{uuid.uuid4().hex}", exclusive=True)
    cmd = DeleteTasks(payload=DeleteTasksPayload(task_ids=[new_task_id()], confirm=True))
    exchange = await channel.get_exchange(Topology(settings.amqp_namespace).commands)
    await exchange.publish(
        aio_pika.Message(
            cmd.model_dump_json().encode(), message_id=str(cmd.command_id), reply_to=victim.name
        ),
        "task.delete",
    )
    await wait_until(lambda: _final(pool, cmd.command_id))

    async def refused_reply():
        return any(victim.name in r.getMessage() for r in caplog.records) or None

    await wait_until(refused_reply, timeout=10)  # the point where the reply would be sent
    assert await victim.get(no_ack=True, fail=False) is None
    await channel.close()


async def test_unroutable_command_is_returned_not_dropped(publisher):
    """L5: a publish nobody is bound for was dropped silently; now the broker returns it."""
    with pytest.raises(Unroutable):
        await publisher.raw_command(b"{}", "unbound.nowhere", uuid.uuid4().hex)
