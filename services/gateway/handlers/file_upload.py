"""POST /tasks/{id}/files: upload a file into the task directory (the original's endpoint 13),
`overwrite_mode` backup (default: the old file kept as <name>_bak<N>) | replace | skip."""

from typing import Any

from aiohttp import web

from services.gateway import views
from services.gateway.handlers.tasks import load_task
from services.gateway.keys import pool_key, storage_key
from services.gateway.responses import reply
from services.gateway.uploads import uploaded_file
from shared.db import executions, tasks
from shared.errors import TaskRunning, ValidationFailed
from shared.storage import Storage, validate_file_name

ALLOWED_SUFFIXES = (".ddl", ".md", ".txt", ".json", ".sql", ".csv")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_BACKUPS = 1000
MODES = ("backup", "replace", "skip")
# Files the services own: an upload must not replace the task's config, log or result.
RESERVED = frozenset({"task_config.json", "data_pipeline.log", "task_result.json"})


def check_name(name: str) -> str:
    validate_file_name(name)
    if name.startswith(".") or name in RESERVED:
        raise ValidationFailed(f"不允许上传该文件名: {name}")
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationFailed(f"只支持以下文件类型: {', '.join(ALLOWED_SUFFIXES)}")
    return name


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValidationFailed(f"overwrite_mode 必须是 {', '.join(MODES)} 之一")
    return mode


async def _back_up(storage: Storage, task_id: str, name: str) -> dict[str, Any]:
    taken = set(await storage.names(task_id))
    version = next((n for n in range(1, MAX_BACKUPS + 1) if f"{name}_bak{n}" not in taken), None)
    if version is None:
        raise ValidationFailed(f"备份版本已达上限 {MAX_BACKUPS}: {name}")
    backup = f"{name}_bak{version}"
    info = await storage.write_bytes(task_id, backup, await storage.read_bytes(task_id, name))
    return {
        "had_existing_file": True,
        "backup_filename": backup,
        "backup_version": version,
        "backup_created_at": views.iso_mtime(info.modified_at),
    }


async def _exists(storage: Storage, task_id: str, name: str) -> bool:
    return name in await storage.names(task_id)


async def _store(
    request: web.Request, task_id: str, name: str, data: bytes, mode: str
) -> dict[str, Any]:
    """Writes under the task's row lock (no run may start meanwhile); the answer's data."""
    storage = request.app[storage_key]
    async with request.app[pool_key].acquire() as conn, conn.transaction():
        await tasks.get(conn, task_id, for_update=True)  # serialises with queueing
        active = await executions.active_for_task(conn, task_id)
        if active is not None:
            raise TaskRunning(task_id, active.status, "任务正在执行中, 不能上传文件")
        existed = await _exists(storage, task_id, name)
        if existed and mode == "skip":
            skipped = {"filename": name, "existed": True, "action": "skipped"}
            return {"task_id": task_id, "skipped": True, "uploaded_file": skipped}
        backup = await _back_up(storage, task_id, name) if existed and mode == "backup" else None
        info = await storage.write_bytes(task_id, name, data)
    uploaded = {
        "filename": name,
        "size": info.size,
        "uploaded_at": views.iso_mtime(info.modified_at),
        "overwrite_mode": mode,
        "existed": existed,
    }
    result = {"task_id": task_id, "skipped": False, "uploaded_file": uploaded}
    return {**result, "backup_info": backup} if backup else result


async def upload_file(request: web.Request) -> web.Response:
    task = await load_task(request)
    name, data, fields = await uploaded_file(request, MAX_UPLOAD_BYTES)
    check_name(name)
    mode = check_mode(fields.get("overwrite_mode") or "backup")
    if not data:
        raise ValidationFailed("上传的文件为空")
    result = await _store(request, task.id, name, data, mode)
    return reply(200, "文件已存在, 已跳过" if result["skipped"] else "文件上传成功", result)
