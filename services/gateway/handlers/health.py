"""Liveness, readiness and metrics: open endpoints for orchestrators and scrapers."""

import asyncio

import asyncpg
from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.gateway.keys import broker_key, metrics_key, pool_key
from services.gateway.responses import envelope_response, reply
from shared.broker import PUBLISH_ERRORS

CHECK_TIMEOUT = 3.0


async def healthz(request: web.Request) -> web.Response:
    return reply(200, "服务运行中", {"status": "ok"})


async def _database_ok(request: web.Request) -> bool:
    try:
        # Not a table query: a liveness probe of the server itself.
        return bool(await request.app[pool_key].fetchval("SELECT 1", timeout=CHECK_TIMEOUT))
    except (TimeoutError, asyncpg.PostgresError, OSError):
        return False


async def _broker_ok(request: web.Request) -> bool:
    link = request.app[broker_key]
    try:
        await asyncio.wait_for(link.publisher(), CHECK_TIMEOUT)
    except PUBLISH_ERRORS:
        return False
    return link.is_open


async def readyz(request: web.Request) -> web.Response:
    checks = {"database": await _database_ok(request), "broker": await _broker_ok(request)}
    if all(checks.values()):
        return reply(200, "服务就绪", checks)
    down = ", ".join(name for name, ok in checks.items() if not ok)
    envelope = {
        "success": False,
        "code": 503,
        "message": f"服务未就绪: {down} 不可用",
        "error_code": "NOT_READY",
        "data": checks,
    }
    return envelope_response(envelope, 503)


async def metrics(request: web.Request) -> web.Response:
    body = generate_latest(request.app[metrics_key].registry)
    response = web.Response(body=body)
    response.headers["Content-Type"] = CONTENT_TYPE_LATEST
    return response
