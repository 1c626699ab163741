"""The bare baseline for GET /tasks/{id}: aiohttp + one asyncpg fetchrow by primary key -> JSON.

python -m bench.baselines.task_server DSN PORT"""

import json
import sys

import asyncpg
from aiohttp import web

PATH = "/api/v0/data_pipeline/tasks/{task_id}"
pool_key = web.AppKey("pool", asyncpg.Pool)


async def get_task(request: web.Request) -> web.Response:
    row = await request.app[pool_key].fetchrow(
        "SELECT * FROM data_pipeline_tasks WHERE id = $1", request.match_info["task_id"]
    )
    if row is None:
        raise web.HTTPNotFound()
    return web.Response(text=json.dumps(dict(row), default=str), content_type="application/json")


def app(dsn: str) -> web.Application:
    application = web.Application()

    async def pool(a: web.Application):  # type: ignore[no-untyped-def]
        a[pool_key] = await asyncpg.create_pool(dsn, min_size=10, max_size=10)
        yield
        await a[pool_key].close()

    application.cleanup_ctx.append(pool)
    application.router.add_get(PATH, get_task)
    return application


if __name__ == "__main__":
    web.run_app(app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), access_log=None)
