"""/vector/backup, /vector/restore, /vector/restore/list: validated here, run by the executor."""

import asyncio

from aiohttp import web
from pydantic import BaseModel, Field

from services.gateway import outbox
from services.gateway.bodies import json_object
from services.gateway.idempotency import idempotent
from services.gateway.keys import pool_key, storage_key
from services.gateway.responses import reply
from services.gateway.submission import submit
from shared import vector_backups
from shared.db import tasks
from shared.errors import TaskNotFound
from shared.messages import BackupVectors, RestoreVectors
from shared.models import TASK_ID_PATTERN
from shared.vector_payloads import VectorBackupPayload, VectorRestorePayload


async def _known_task(request: web.Request, task_id: str | None) -> None:
    if task_id is not None and await tasks.get(request.app[pool_key], task_id) is None:
        raise TaskNotFound(task_id)


@idempotent
async def backup(request: web.Request) -> web.Response:
    payload = VectorBackupPayload.model_validate(await json_object(request))
    await _known_task(request, payload.task_id)
    ident = outbox.identity(request, outbox.principal(request))
    return await submit(request, BackupVectors(**ident, payload=payload), payload.task_id)


class RestoreListQuery(BaseModel):
    global_only: bool = False
    task_id: str | None = Field(default=None, pattern=TASK_ID_PATTERN)


async def restore_list(request: web.Request) -> web.Response:
    """Backup sets on disk (the data root is the gateway's to read, as for task files)."""
    query = RestoreListQuery.model_validate(dict(request.query))
    root = request.app[storage_key].root
    found = await asyncio.to_thread(
        vector_backups.scan, root, global_only=query.global_only, task_id=query.task_id
    )
    total = found["summary"]["total_backup_sets"]
    message = f"找到 {total} 个备份集" if total else "未找到任何备份"
    return reply(200, message, found)


@idempotent
async def restore(request: web.Request) -> web.Response:
    payload = VectorRestorePayload.model_validate(await json_object(request))
    ident = outbox.identity(request, outbox.principal(request))
    return await submit(request, RestoreVectors(**ident, payload=payload), None)
