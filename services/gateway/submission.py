"""Recorded commands answered with their result when it comes quickly, else 202 + status URL.

Backup, restore and the training_data writes change state: they go through the outbox (commands
row, then publish) so a broker outage loses nothing, and their result is durable in that row.
The gateway polls the row for a short while (a refusal such as VECTOR_BUSY comes back in
milliseconds) and otherwise answers 202 with GET /commands/{id}."""

from aiohttp import web

from services.gateway import outbox
from services.gateway.handlers.command_status import processing, wait_final
from services.gateway.keys import pool_key, settings_key
from services.gateway.responses import envelope_response
from shared.envelope import ok
from shared.messages import CommandBase


async def submit(request: web.Request, command: CommandBase, task_id: str | None) -> web.Response:
    pool = request.app[pool_key]
    async with pool.acquire() as conn, conn.transaction():
        await outbox.record(conn, request, command, task_id)
    await outbox.publish(request.app, command)
    command_id = str(command.command_id)
    done = await wait_final(pool, command_id, request.app[settings_key].vector_wait_seconds)
    if done is None or done.result is None:
        accepted = ok(202, "请求已受理,正在处理", processing(command_id))
        return envelope_response(accepted, 202)
    return envelope_response(done.result, int(done.result["code"]))
