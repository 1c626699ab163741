"""Command status and result: GET /commands/{command_id}, and the bounded wait for a result."""

import asyncio
import uuid
from typing import Any

import asyncpg
from aiohttp import web

from services.gateway.keys import pool_key
from services.gateway.responses import reply
from services.gateway.views import API_BASE
from shared.clock import iso
from shared.db import commands
from shared.errors import CommandNotFound, ValidationFailed
from shared.models import FINAL_COMMAND
from shared.records import CommandRecord

POLL_SECONDS = 0.1


def status_url(command_id: str) -> str:
    return f"{API_BASE}/commands/{command_id}"


async def wait_final(pool: asyncpg.Pool, command_id: str, timeout: float) -> CommandRecord | None:
    """The command once its consumer finished it; None if that takes longer than `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        record = await commands.get(pool, command_id)
        if record is not None and record.status in FINAL_COMMAND:
            return record
        if loop.time() >= deadline:
            return None
        await asyncio.sleep(POLL_SECONDS)


def processing(command_id: str) -> dict[str, Any]:
    return {"command_id": command_id, "status": "processing", "status_url": status_url(command_id)}


def command_view(c: CommandRecord) -> dict[str, Any]:
    return {
        "command_id": c.command_id,
        "command_type": c.command_type,
        "task_id": c.task_id,
        "status": c.status,
        "issued_by": c.issued_by,
        "source": c.source,
        "error_code": c.error_code,
        "created_at": iso(c.created_at),
        "completed_at": iso(c.completed_at),
        # The result is the envelope the consumer produced (the HTTP answer had it been waited for).
        "result": c.result if c.status in FINAL_COMMAND else None,
        # While it runs: vector commands {"percent", "phase"}; deletions the files removed so far.
        "progress": c.progress,
    }


async def get_command(request: web.Request) -> web.Response:
    raw = request.match_info["command_id"]
    try:
        command_id = str(uuid.UUID(raw))
    except ValueError as exc:
        raise ValidationFailed(f"非法命令ID: {raw!r}", command_id=raw) from exc
    record = await commands.get(request.app[pool_key], command_id)
    if record is None:
        raise CommandNotFound(f"命令不存在: {command_id}", command_id=command_id)
    return reply(200, "获取命令状态成功", command_view(record))
