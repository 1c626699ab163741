"""The task's table list: upload a .txt, post JSON names, or inspect table_list.txt."""

from datetime import UTC, datetime

from aiohttp import web

from services.gateway import table_names, views
from services.gateway.bodies import json_object
from services.gateway.handlers.tasks import load_task
from services.gateway.keys import pool_key, storage_key
from services.gateway.responses import reply
from services.gateway.schemas import TableListRequest
from services.gateway.uploads import uploaded_file
from shared.db import executions, tasks
from shared.errors import (
    FileNotFound,
    TaskRunning,
    ValidationFailed,
)
from shared.records import TaskRecord
from shared.storage import FileInfo
from shared.table_list import TABLE_LIST_FILE, render_table_list, split_entries


def _check_upload(filename: str, data: bytes) -> str:
    if not filename:
        raise ValidationFailed("未选择文件")
    if not filename.lower().endswith(".txt"):
        raise ValidationFailed("只支持 .txt 格式的表清单文件")
    if not data.strip():
        raise ValidationFailed("表清单文件为空")
    return table_names.decode(data)


async def _save(request: web.Request, task: TaskRecord, text: str, names: list[str]) -> FileInfo:
    """Writes table_list.txt and parameters.table_list, refused while the task runs."""
    async with request.app[pool_key].acquire() as conn, conn.transaction():
        await tasks.get(conn, task.id, for_update=True)  # serialises with queueing
        active = await executions.active_for_task(conn, task.id)
        if active is not None:
            raise TaskRunning(task.id, active.status, "任务正在执行中, 不能修改表清单")
        info = await request.app[storage_key].write_text(task.id, TABLE_LIST_FILE, text)
        await tasks.set_parameters(conn, task.id, {**task.parameters, "table_list": names})
    return info


def _saved(task: TaskRecord, info: FileInfo, names: list[str]) -> dict[str, object]:
    return {
        "task_id": task.id,
        "filename": TABLE_LIST_FILE,
        "file_size": info.size,
        "table_count": len(names),
        "table_names": names,
        "upload_time": views.iso_mtime(info.modified_at),
    }


async def upload_table_list(request: web.Request) -> web.Response:
    task = await load_task(request)
    filename, data, _ = await uploaded_file(request, table_names.MAX_TABLE_LIST_BYTES, "表清单文件")
    text = _check_upload(filename, data)
    names = table_names.names_from_text(text)
    info = await _save(request, task, text, names)
    return reply(200, "表清单文件上传成功", _saved(task, info, names))


async def post_table_list(request: web.Request) -> web.Response:
    task = await load_task(request)
    body = TableListRequest.model_validate(await json_object(request, empty_ok=False))
    names = table_names.names_from_request(body.tables)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    info = await _save(request, task, render_table_list(names, stamp), names)
    return reply(200, f"表清单已成功创建，包含 {len(names)} 个表", _saved(task, info, names))


async def table_list_info(request: web.Request) -> web.Response:
    task = await load_task(request)
    storage = request.app[storage_key]
    try:
        info = await storage.info(task.id, TABLE_LIST_FILE)
        text = table_names.decode(await storage.read_bytes(task.id, TABLE_LIST_FILE))
    except FileNotFound:
        data = {"task_id": task.id, "has_file": False, "file_name": TABLE_LIST_FILE}
        return reply(200, "表清单文件不存在", data)
    entries = list(dict.fromkeys(split_entries(text)))
    data = {
        "task_id": task.id,
        "has_file": True,
        "file_name": TABLE_LIST_FILE,
        "file_size": info.size,
        "table_count": len(entries),
        "table_names": entries,
        "uploaded_at": views.iso_mtime(info.modified_at),
    }
    return reply(200, "获取表清单信息成功", data)
