"""Large deletions report progress (files removed so far) on the command's row, and every
deletion leaves a line in the janitor's log."""

import logging
import uuid

from services.janitor.deletion import delete_batch
from services.janitor.progress import remove_watched
from shared.db import commands
from shared.messages import DeleteTasksPayload
from tests.helpers.tasks import make_task
from tests.integration.janitor.support import deps_for

MANY = {f"d{i % 20}_f{i}.txt": b"x" * 10 for i in range(3000)}


async def test_a_long_walk_reports_the_running_tally(pool, tmp_path):
    task_id = await make_task(pool, tmp_path, MANY)
    seen: list[int] = []

    async def report(_task_id, tally):
        seen.append(tally.files)

    tally = await remove_watched(tmp_path, task_id, 0.0005, report)
    assert tally.files == len(MANY)
    assert any(0 < n < len(MANY) for n in seen), seen  # reported while it ran
    assert seen == sorted(seen)


async def test_batch_progress_lands_on_the_command_row_and_the_log(
    pool, settings, tmp_path, caplog
):
    quick = settings.model_copy(update={"data_root": tmp_path, "delete_progress_seconds": 0.0005})
    deps = deps_for(quick, pool)
    task_id = await make_task(pool, tmp_path, MANY)
    command_id = str(uuid.uuid4())
    await commands.insert(
        pool,
        commands.NewCommand(command_id, "task.delete", task_id, {}, "tests", "system"),
    )
    payload = DeleteTasksPayload(task_ids=[task_id], confirm=True)
    with caplog.at_level(logging.INFO, logger="services.janitor.deletion"):
        await delete_batch(deps, payload, command_id)
    progress = (await commands.get(pool, command_id)).progress
    assert (progress["task_id"], progress["tasks_total"]) == (task_id, 1)
    assert 0 < progress["files_removed"] <= len(MANY)
    assert any(f"deleted task {task_id}" in r.getMessage() for r in caplog.records)
