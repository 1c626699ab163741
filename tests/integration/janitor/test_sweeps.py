"""Retention, quota and reconcile sweeps on a private data root; dry runs; the advisory lock."""

import os
import uuid

import pytest

from services.janitor.locks import advisory_lock
from services.janitor.sweeps import run_sweep
from shared.db import commands, executions, tasks
from tests.helpers.tasks import make_task, queue_and_claim
from tests.integration.janitor.support import deps_for


@pytest.fixture
def root(tmp_path):
    return tmp_path / "training_data"


def _mine(report, ids):
    return [a for a in report["actions"] if a["task_id"] in ids]


async def test_retention_dry_run_reports_exactly_what_the_real_run_does(pool, settings, root):
    old = await make_task(pool, root, {"a.ddl": b"a" * 300, "s/b.md": b"b" * 200}, finished=True)
    unfinished = await make_task(pool, root, {"c": b"c" * 10})
    running = await make_task(pool, root, {"d": b"d"}, finished=True)
    active = await queue_and_claim(pool, running)
    ids = {old, unfinished, running}
    s = settings.model_copy(update={"data_root": root, "retention_days": 0})

    dry = await run_sweep(deps_for(s, pool), "retention", dry_run=True)
    assert (root / old).exists()
    real = await run_sweep(deps_for(s, pool), "retention", dry_run=False)

    assert _mine(dry, ids) == _mine(real, ids)
    assert _mine(real, ids) == [
        {"task_id": old, "action": "delete_directory", "files": 2, "bytes": 500}
    ]
    assert dry["bytes_freed"] == real["bytes_freed"]
    assert not (root / old).exists()
    assert (root / unfinished).exists()
    assert (root / running).exists()
    assert (await tasks.get(pool, old)).directory_exists is False
    audit = await commands.list_recent(pool, "janitor.retention", limit=200)
    row = next(c for c in audit if c.task_id == old)
    assert (row.source, row.issued_by, row.result["bytes"]) == ("system", "janitor", 500)
    await executions.finish(pool, active.execution_id, status="cancelled")


async def test_retention_can_delete_records_and_keeps_young_tasks(pool, settings, root):
    old = await make_task(pool, root, {"a": b"a"}, finished=True)
    s = settings.model_copy(
        update={"data_root": root, "retention_days": 0, "retention_delete_records": True}
    )
    real = await run_sweep(deps_for(s, pool), "retention", dry_run=False)
    assert _mine(real, {old})[0]["action"] == "delete_directory_and_records"
    assert await tasks.get(pool, old) is None

    young = await make_task(pool, root, {"a": b"a"}, finished=True)
    keep = settings.model_copy(update={"data_root": root, "retention_days": 1})
    report = await run_sweep(deps_for(keep, pool), "retention", dry_run=False)
    assert _mine(report, {young}) == []
    assert (root / young).exists()


async def test_quota_removes_oldest_finished_first_until_under(pool, settings, root):
    first = await make_task(pool, root, {"f": b"1" * 4000}, finished=True)
    second = await make_task(pool, root, {"f": b"2" * 4000}, finished=True)
    third = await make_task(pool, root, {"f": b"3" * 4000}, finished=True)
    busy = await make_task(pool, root, {"f": b"4" * 4000}, finished=True)
    active = await queue_and_claim(pool, busy)
    s = settings.model_copy(update={"data_root": root, "storage_quota": 9000})

    dry = await run_sweep(deps_for(s, pool), "quota", dry_run=True)
    real = await run_sweep(deps_for(s, pool), "quota", dry_run=False)

    assert dry["actions"] == real["actions"]
    # 16000 bytes used, quota 9000: the two oldest go, the running one is never touched.
    assert [a["task_id"] for a in real["actions"]] == [first, second]
    assert real["bytes_freed"] == 8000
    assert real["details"]["used_after"] == 8000
    assert (root / third).exists()
    assert (root / busy).exists()
    assert not (root / first).exists()
    await executions.finish(pool, active.execution_id, status="cancelled")


async def test_quota_does_nothing_under_the_limit_or_when_unset(pool, settings, root):
    await make_task(pool, root, {"f": b"x" * 100}, finished=True)
    under = settings.model_copy(update={"data_root": root, "storage_quota": 10**9})
    assert (await run_sweep(deps_for(under, pool), "quota", dry_run=False))["actions"] == []
    unset = settings.model_copy(update={"data_root": root, "storage_quota": None})
    assert (await run_sweep(deps_for(unset, pool), "quota", dry_run=False))["actions"] == []


async def test_reconcile_fixes_flags_both_ways_and_reports_orphans(pool, settings, root):
    gone = await make_task(pool, root, {"f": b"1"})
    (root / gone / "f").unlink()
    (root / gone).rmdir()
    back = await make_task(pool, root, {"f": b"1"})
    await tasks.set_directory_exists(pool, back, False)
    orphan = "task_20990909_090909"
    (root / orphan).mkdir()
    (root / orphan / "left.txt").write_bytes(b"12345")
    (root / "not_a_task_dir").mkdir()
    s = settings.model_copy(update={"data_root": root, "janitor_interval_seconds": 0.001})

    report = await run_sweep(deps_for(s, pool), "reconcile", dry_run=False)

    assert {"task_id": gone, "action": "mark_missing"} in report["actions"]
    assert {"task_id": back, "action": "mark_present"} in report["actions"]
    assert (await tasks.get(pool, gone)).directory_exists is False
    assert (await tasks.get(pool, back)).directory_exists is True
    assert orphan in report["details"]["orphans"]
    assert (root / orphan).exists()  # reported only: removal is opt-in


async def test_reconcile_removes_orphans_only_when_enabled(pool, settings, root):
    orphan = "task_20990909_090910"
    (root / orphan).mkdir(parents=True)
    (root / orphan / "left.txt").write_bytes(b"12345")
    (root / "keep_me").mkdir()
    os.symlink(root / "keep_me", root / "task_20990909_090911")
    s = settings.model_copy(update={"data_root": root, "reconcile_remove_orphans": True})

    dry = await run_sweep(deps_for(s, pool), "reconcile", dry_run=True)
    assert (root / orphan).exists()
    real = await run_sweep(deps_for(s, pool), "reconcile", dry_run=False)

    removal = {"task_id": orphan, "action": "remove_orphan", "files": 1, "bytes": 5}
    assert removal in dry["actions"]
    assert removal in real["actions"]
    assert not (root / orphan).exists()
    assert (root / "keep_me").exists()  # not a task name, and the task-like symlink is skipped


async def test_a_sweep_held_elsewhere_is_skipped(pool, settings, root):
    s = settings.model_copy(update={"data_root": root})
    async with advisory_lock(pool, "reconcile") as held:
        assert held
        report = await run_sweep(deps_for(s, pool), "reconcile", dry_run=True)
        assert report["skipped"] is True
        assert report["candidates"] == 0
        other = await run_sweep(deps_for(s, pool), "retention", dry_run=True)
        assert other["skipped"] is False  # locks are per job
    after = await run_sweep(deps_for(s, pool), "reconcile", dry_run=True)
    assert after["skipped"] is False


async def test_reconcile_leaves_young_tasks_and_unfinished_creates_alone(pool, settings, root):
    young = await make_task(pool, root)
    (root / young).rmdir()  # its create is still on its way: no directory yet
    waiting = await make_task(pool, root)
    (root / waiting).rmdir()
    await commands.insert(
        pool,
        commands.NewCommand(
            command_id=str(uuid.uuid4()),
            command_type="task.create",
            task_id=waiting,
            payload={},
            issued_by="test",
            source="http",
            status="published",
        ),
    )
    settled_after = settings.model_copy(update={"data_root": root, "janitor_interval_seconds": 60})
    old_enough = settings.model_copy(update={"data_root": root, "janitor_interval_seconds": 0.001})

    young_report = await run_sweep(deps_for(settled_after, pool), "reconcile", dry_run=False)
    later = await run_sweep(deps_for(old_enough, pool), "reconcile", dry_run=False)

    touched = {a["task_id"] for a in young_report["actions"]}
    assert young not in touched
    assert waiting not in touched
    assert {"task_id": young, "action": "mark_missing"} in later["actions"]
    assert waiting not in {a["task_id"] for a in later["actions"]}  # its create is unfinished
    assert (await tasks.get(pool, waiting)).directory_exists is True
