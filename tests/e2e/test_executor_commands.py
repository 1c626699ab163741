"""Commands published straight to RabbitMQ (no HTTP), as another service would."""

import json
import uuid

import aio_pika
import pytest

from shared.db import commands, task_listing, tasks
from shared.messages import CreateTask, CreateTaskPayload, ExecuteTask, ExecuteTaskPayload
from shared.parameters import TaskParameters
from shared.storage import Storage
from shared.topology import Topology
from tests.helpers import new_task_id, wait_until

pytestmark = pytest.mark.usefixtures("executor")


async def test_create_published_to_rabbitmq_creates_task_and_directory(pool, publisher, settings):
    params = TaskParameters(
        db_connection="postgresql://reader:s3cret@db.example:5432/highway_db",
        table_list=["bss_company", "bss_service_area"],
        business_context="高速公路服务区管理系统",
    )
    cmd = CreateTask(issued_by="other-service", payload=CreateTaskPayload(parameters=params))
    await publisher.command(cmd, "task.create")

    record = await wait_until(lambda: _completed(pool, str(cmd.command_id)))
    task_id = record.task_id
    task = await tasks.get(pool, task_id)
    assert task is not None
    assert task.status == "pending"
    assert task.db_name == "highway_db"
    assert task.created_by == "other-service"
    storage = Storage(settings.data_root)
    config = json.loads(await storage.read_text(task_id, "task_config.json"))
    assert "s3cret" not in json.dumps(config)
    assert config["parameters"]["db_connection"].startswith("postgresql://reader:******@")
    table_list = await storage.read_text(task_id, "table_list.txt")
    assert table_list.splitlines()[-2:] == ["bss_company", "bss_service_area"]
    assert "s3cret" not in json.dumps(record.payload)


async def test_duplicate_delivery_creates_one_task(pool, publisher):
    # A unique issuer marks this command's tasks: a second task would be counted, whatever its id.
    marker = f"dup-{uuid.uuid4().hex[:12]}"
    cmd = CreateTask(
        issued_by=marker,
        payload=CreateTaskPayload(parameters=TaskParameters(table_list=["bss_company"])),
    )
    await publisher.command(cmd, "task.create")
    await publisher.command(cmd, "task.create")
    first = await wait_until(lambda: _completed(pool, str(cmd.command_id)))
    await _roundtrip_marker(pool, publisher)
    again = await commands.get(pool, str(cmd.command_id))
    assert again is not None
    assert again.task_id == first.task_id
    created, total = await task_listing.list_page(pool, task_listing.TaskFilter(created_by=marker))
    assert total == 1
    assert [t.id for t in created] == [first.task_id]


async def test_invalid_message_is_dead_lettered_with_reason(amqp, settings):
    topology = Topology(settings.amqp_namespace)
    channel = await amqp.channel()
    commands_exchange = await channel.get_exchange(topology.commands)
    marker = uuid.uuid4().hex
    body = json.dumps({"type": "task.execute", "payload": {"task_id": "../etc"}, "m": marker})
    await commands_exchange.publish(
        aio_pika.Message(body.encode(), message_id=marker), "task.execute"
    )
    message = await _dead_lettered(await channel.get_queue(topology.dead), marker)
    assert "invalid command" in message.headers["x-dp-error"]
    assert message.headers["x-dp-routing-key"] == "task.execute"
    await channel.close()


async def test_execute_of_unknown_task_is_rejected_with_error_code(pool, publisher):
    cmd = ExecuteTask(payload=ExecuteTaskPayload(task_id=new_task_id(), step="ddl_generation"))
    await publisher.command(cmd, "task.execute")
    record = await wait_until(lambda: _final(pool, str(cmd.command_id)))
    assert record.status == "rejected"
    assert record.error_code == "TASK_NOT_FOUND"


async def _completed(pool, command_id):
    record = await commands.get(pool, command_id)
    return record if record and record.status == "completed" else None


async def _final(pool, command_id):
    record = await commands.get(pool, command_id)
    return record if record and record.status in ("completed", "rejected", "failed") else None


async def _roundtrip_marker(pool, publisher):
    """A later command on the same queue: once it is done, earlier deliveries were handled."""
    marker = CreateTask(payload=CreateTaskPayload())
    await publisher.command(marker, "task.create")
    await wait_until(lambda: _completed(pool, str(marker.command_id)))


async def test_refused_message_keeps_no_secret_in_dead_letter_or_log(amqp, settings, caplog):
    """M3: the DLQ header and the log line carried the refused input, secrets included."""
    topology = Topology(settings.amqp_namespace)
    channel = await amqp.channel()
    commands_exchange = await channel.get_exchange(topology.commands)
    marker = uuid.uuid4().hex
    parameters = {
        "db_connection": "postgresql://u:S3cretDsn@h/db",
        "llm_config": {"api_key": "sk-zzzSecret", "headers": {"Authorization": "Bearer tk-Q"}},
    }
    body = json.dumps({"type": "task.bogus", "payload": {"parameters": parameters}})
    await commands_exchange.publish(
        aio_pika.Message(body.encode(), message_id=marker), "task.create"
    )
    message = await _dead_lettered(await channel.get_queue(topology.dead), marker)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "invalid command" in message.headers["x-dp-error"]
    assert marker in logged
    for secret in ("S3cretDsn", "sk-zzzSecret", "tk-Q"):
        assert secret not in message.headers["x-dp-error"]
        assert secret not in message.body.decode()
        assert secret not in logged
    await channel.close()


async def _dead_lettered(dead, marker):
    async def probe():
        message = await dead.get(no_ack=False, fail=False)
        if message is None:
            return None
        await message.ack()
        return message if message.message_id == marker else None

    return await wait_until(probe, timeout=20)
