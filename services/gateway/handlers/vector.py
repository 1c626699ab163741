"""/vector/backup, /vector/restore, /vector/restore/list: validated here, run by the executor."""

from aiohttp import web

from services.gateway import commands
from services.gateway.bodies import json_object
from services.gateway.idempotency import idempotent
from services.gateway.keys import pool_key
from services.gateway.submission import submit
from shared.db import tasks
from shared.errors import TaskNotFound
from shared.messages import BackupVectors
from shared.vector_payloads import VectorBackupPayload


async def _known_task(request: web.Request, task_id: str | None) -> None:
    if task_id is not None and await tasks.get(request.app[pool_key], task_id) is None:
        raise TaskNotFound(task_id)


@idempotent
async def backup(request: web.Request) -> web.Response:
    payload = VectorBackupPayload.model_validate(await json_object(request))
    await _known_task(request, payload.task_id)
    ident = commands.identity(request, commands.principal(request))
    return await submit(request, BackupVectors(**ident, payload=payload), payload.task_id)
