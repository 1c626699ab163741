"""Files of a task directory the executor owns: the ones a new task gets (and an execution
recreates after the directory was deleted), and the backup a complete re-run makes first."""

import asyncio
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg

from services.executor.tasklog import LOG_FILE, TaskLog
from shared.clock import iso
from shared.db import outputs, tasks
from shared.records import TaskRecord
from shared.secrets import mask_dsn, mask_tree
from shared.storage import Storage
from shared.table_list import TABLE_LIST_FILE, render_table_list

TASK_CONFIG_FILE = "task_config.json"
BACKUP_INFO_FILE = "backup_info.json"
# What a complete re-run leaves in place: the task's own inputs and its log (the original kept
# table_list.txt and the log; task_config.json stays too, it describes the task, not a run).
KEPT_ON_BACKUP = frozenset({TABLE_LIST_FILE, LOG_FILE, TASK_CONFIG_FILE})


def task_config(task: TaskRecord, default_dsn: str | None) -> dict[str, Any]:
    """The document's task_config.json: the masked DSN the task uses (its own or the default
    business DB's), its output_dir, and the mode its type implies."""
    dsn = task.parameters.get("db_connection") or default_dsn
    parameters = {
        **task.parameters,
        "db_connection": mask_dsn(dsn) if dsn else None,
        "output_dir": task.output_directory,
        "execution_mode": "complete" if task.task_type == "complete_workflow" else "step",
        "single_step": None,
    }
    return {
        "task_id": task.id,
        "task_type": task.task_type,
        "created_at": iso(task.created_at),
        "created_by": task.created_by,
        "parameters": mask_tree(parameters),
        "output_directory": task.output_directory,
    }


async def prepare_task_directory(
    storage: Storage, task: TaskRecord, default_dsn: str | None
) -> None:
    """Idempotent: directory, task_config.json (secrets masked), table_list.txt if given."""
    await storage.ensure_dir(task.id)
    config = task_config(task, default_dsn)
    await storage.write_json(task.id, TASK_CONFIG_FILE, config)
    names = task.parameters.get("table_list")
    if names:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        await storage.write_text(task.id, TABLE_LIST_FILE, render_table_list(names, stamp))


async def restore_task_directory(
    pool: asyncpg.Pool, storage: Storage, task: TaskRecord, default_dsn: str | None
) -> None:
    """An execution on a task whose directory is gone recreates it with its config at once."""
    config = storage.task_dir(task.id) / TASK_CONFIG_FILE
    if not await asyncio.to_thread(config.is_file):
        await prepare_task_directory(storage, task, default_dsn)
    if not task.directory_exists:
        await tasks.set_directory_exists(pool, task.id, True)


def _free_backup_dir(directory: Path, stamp: str) -> Path:
    candidate, n = directory / f"file_bak_{stamp}", 1
    while candidate.exists():
        candidate = directory / f"file_bak_{stamp}_{n}"
        n += 1
    return candidate


def _move_outputs(directory: Path, stamp: str) -> tuple[str, list[str]]:
    """Moves every top-level file but the kept ones into file_bak_<stamp>[_n]/ (dirs untouched)."""
    files = sorted(
        p
        for p in directory.iterdir()
        if p.is_file()
        and not p.is_symlink()
        and p.name not in KEPT_ON_BACKUP
        and not p.name.startswith(".")
    )
    if not files:
        return "", []
    target = _free_backup_dir(directory, stamp)
    target.mkdir()
    for path in files:
        shutil.move(path, target / path.name)
    return target.name, [p.name for p in files]


async def back_up_outputs(
    pool: asyncpg.Pool, storage: Storage, task_id: str, stamp: str, log: TaskLog
) -> dict[str, Any] | None:
    """Before a complete run: earlier outputs move to file_bak_<stamp>/ so they never pile up."""
    directory = storage.task_dir(task_id)
    backup_dir, moved = await asyncio.to_thread(_move_outputs, directory, stamp)
    if not moved:
        return None
    await outputs.delete_names(pool, task_id, moved)
    info = {
        "backup_time": datetime.now(UTC).isoformat(),
        "backup_directory": backup_dir,
        "moved_files": moved,
        "task_id": task_id,
    }
    text = json.dumps(info, ensure_ascii=False, indent=2)
    await asyncio.to_thread((directory / backup_dir / BACKUP_INFO_FILE).write_text, text, "utf-8")
    log.info(f"已将 {len(moved)} 个旧输出文件备份到 {backup_dir}/", files=moved)
    return info
