"""shared/db tasks, logs, outputs, commands and migrations on real PostgreSQL."""

import uuid
from dataclasses import replace
from datetime import timedelta

from shared.clock import utcnow
from shared.db import commands, logs, outputs, task_listing, tasks
from shared.db.migrate import apply_migrations
from shared.models import initial_step_status
from tests.helpers import new_task_id


async def _task(pool, **fields):
    task_id = new_task_id()
    new = tasks.NewTask(
        "data_workflow",
        {"k": "v"},
        "/d",
        fields.get("by", "t"),
        fields.get("db", "highway_db"),
        None,
    )
    return await tasks.insert(pool, task_id, new)


async def test_migrations_are_idempotent(pool):
    async with pool.acquire() as conn:
        assert await apply_migrations(conn) == []


async def test_insert_is_idempotent_and_starts_pending(pool):
    task = await _task(pool)
    assert task.status == "pending"
    assert task.step_status == initial_step_status()
    again = await tasks.insert(
        pool, task.id, tasks.NewTask("data_workflow", {}, "", None, None, None)
    )
    assert again is None


async def test_list_has_filters_sorting_and_the_real_total(pool):
    db = f"db_{uuid.uuid4().hex[:8]}"
    made = [await _task(pool, db=db) for _ in range(5)]
    page, total = await task_listing.list_page(
        pool, task_listing.TaskFilter(db_name=db, limit=2, offset=0)
    )
    assert total == 5
    assert len(page) == 2
    ascending, _ = await task_listing.list_page(
        pool, task_listing.TaskFilter(db_name=db, sort_by="id", descending=False, limit=10)
    )
    assert [t.id for t in ascending] == sorted(t.id for t in made)
    empty, none = await task_listing.list_page(pool, task_listing.TaskFilter(db_name=db, offset=10))
    assert (empty, none) == ([], 5)


async def test_save_state_stamps_times_and_keeps_errors_until_completed(pool):
    task = await _task(pool)
    steps = {**task.step_status, "ddl_generation": "running"}
    await tasks.save_state(pool, task.id, status="in_progress", step_status=steps, progress=10)
    running = await tasks.get(pool, task.id)
    assert running.started_at is not None
    assert running.completed_at is None
    await tasks.save_state(pool, task.id, status="failed", step_status=steps, error_message="x")
    failed = await tasks.get(pool, task.id)
    assert (failed.error_message, failed.progress) == ("x", 10)
    assert failed.completed_at is not None
    await tasks.save_state(pool, task.id, status="in_progress", step_status=steps)
    assert (await tasks.get(pool, task.id)).error_message == "x"
    await tasks.save_state(pool, task.id, status="completed", step_status=steps)
    assert (await tasks.get(pool, task.id)).error_message is None


async def test_logs_filter_by_minimum_level_step_text_and_cursor(pool):
    task = await _task(pool)
    now = utcnow()
    entries = [
        logs.NewLog(task.id, None, level, f"{level} {i}", step, now + timedelta(seconds=i))
        for i, (level, step) in enumerate(
            [("DEBUG", "a"), ("INFO", "a"), ("WARNING", "b"), ("ERROR", "b"), ("INFO", "b")]
        )
    ]
    await logs.insert_many(pool, entries)
    warnings = await logs.query(pool, task.id, min_level="WARNING")
    assert [e.log_level for e in warnings] == ["WARNING", "ERROR"]
    assert [e.message for e in await logs.query(pool, task.id, step="a")] == ["DEBUG 0", "INFO 1"]
    assert [e.message for e in await logs.query(pool, task.id, text="error")] == ["ERROR 3"]
    newest_two = await logs.query(pool, task.id, limit=2)
    assert [e.message for e in newest_two] == ["ERROR 3", "INFO 4"]
    after = await logs.query(pool, task.id, after_id=newest_two[0].id)
    assert [e.message for e in after] == ["INFO 4"]


async def test_outputs_upsert_in_place_and_unregister_by_step(pool):
    task = await _task(pool)
    first = outputs.NewOutput(task.id, None, "ddl_generation", "ddl", "a.ddl", "a.ddl", 1, "h1")
    await outputs.upsert(pool, first)
    await outputs.upsert(
        pool,
        outputs.NewOutput(
            task.id, None, "ddl_generation", "ddl", "a.ddl", "a.ddl", 2, "h2", is_primary=True
        ),
    )
    [row] = await outputs.list_for_task(pool, task.id)
    assert (row.file_size, row.content_hash, row.is_primary) == (2, "h2", True)
    assert await outputs.delete_for_step(pool, task.id, "ddl_generation") == ["a.ddl"]
    assert await outputs.list_for_task(pool, task.id) == []


async def test_commands_are_recorded_once_started_once_and_relayed(pool):
    command_id = str(uuid.uuid4())
    new = commands.NewCommand(command_id, "task.create", None, {"p": 1}, "t", "http")
    assert await commands.insert(pool, new) is True
    assert await commands.insert(pool, new) is False  # a duplicate delivery
    await pool.execute(
        "UPDATE data_pipeline_commands SET created_at = now() - interval '1 minute'"
        " WHERE command_id = $1",
        uuid.UUID(command_id),
    )
    assert command_id in {c.command_id for c in await commands.unpublished(pool, 5)}
    await commands.mark_published(pool, command_id)
    assert command_id not in {c.command_id for c in await commands.unpublished(pool, 5)}
    taken = replace(new, source="amqp", status="processing")
    assert (await commands.receive(pool, taken)).status == "published"
    assert (await commands.receive(pool, taken)).status == "processing"  # taken once
    await commands.complete(pool, command_id, status="completed", result={"ok": True})
    done = await commands.receive(pool, taken)  # a duplicate delivery sees the outcome
    assert (done.status, done.result) == ("completed", {"ok": True})
    assert (await commands.get(pool, command_id)).status == "completed"  # left as it was


async def test_a_command_new_to_the_log_is_recorded_as_processing_when_received(pool):
    new = commands.NewCommand(str(uuid.uuid4()), "task.create", None, {}, "t", "amqp")
    assert await commands.receive(pool, replace(new, status="processing")) is None
    assert (await commands.get(pool, new.command_id)).status == "processing"
