"""Task files: the listing (disk merged with the outputs registry) and path-safe downloads."""

from typing import Any
from urllib.parse import quote

from aiohttp import web

from services.gateway import views
from services.gateway.handlers.tasks import load_task
from services.gateway.keys import pool_key, storage_key
from services.gateway.responses import reply
from shared.db import outputs
from shared.file_types import file_type_of
from shared.records import OutputRecord
from shared.storage import FileInfo


def _file(task_id: str, info: FileInfo, output: OutputRecord | None) -> dict[str, Any]:
    return {
        "file_name": info.name,
        "file_type": output.file_type if output else file_type_of(info.name),
        "file_size": info.size,
        "content_hash": info.sha256,
        "is_primary": output.is_primary if output else False,
        "step_name": output.step if output else None,
        "description": output.description if output else None,
        "modified_at": views.iso_mtime(info.modified_at),
        "download_url": views.download_url(task_id, info.name),
    }


async def list_files(request: web.Request) -> web.Response:
    task = await load_task(request)
    storage = request.app[storage_key]
    registry = {o.file_name: o for o in await outputs.list_for_task(request.app[pool_key], task.id)}
    files = [_file(task.id, f, registry.get(f.name)) for f in await storage.list_files(task.id)]
    data = {
        "task_id": task.id,
        "files": files,
        "directory_exists": await storage.dir_exists(task.id),
    }
    return reply(200, "获取文件列表成功", data)


def content_disposition(name: str) -> str:
    """attachment with an ASCII fallback and the exact name per RFC 5987."""
    fallback = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def download_file(request: web.Request) -> web.FileResponse:
    task = await load_task(request)
    name = request.match_info["file_name"]
    path = await request.app[storage_key].existing_file(task.id, name)
    headers = {"Content-Disposition": content_disposition(name)}
    return web.FileResponse(path, headers=headers)
