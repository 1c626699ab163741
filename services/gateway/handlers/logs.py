"""Task logs from the database: minimum level, step, text search and an id cursor."""

import time

from aiohttp import web

from services.gateway import views
from services.gateway.bodies import json_object
from services.gateway.handlers.tasks import load_task, pagination
from services.gateway.keys import pool_key
from services.gateway.query_schemas import LogQueryBody
from services.gateway.responses import reply
from services.gateway.schemas import LogQuery
from shared.db import logs


async def task_logs(request: web.Request) -> web.Response:
    task = await load_task(request)
    query = LogQuery.model_validate(dict(request.query))
    rows = await logs.query(
        request.app[pool_key],
        task.id,
        min_level=query.level,
        step=query.step,
        after_id=query.after_id,
        text=query.q,
        limit=query.limit,
    )
    # The cursor to poll with next: the newest id seen, or the one given when nothing is new.
    next_after_id = rows[-1].id if rows else query.after_id
    data = {
        "task_id": task.id,
        "logs": [views.log_entry(r) for r in rows],
        "next_after_id": next_after_id,
    }
    return reply(200, "获取任务日志成功", data)


async def query_logs(request: web.Request) -> web.Response:
    """The original's advanced log query: level, time range, literal keyword, step, sort, pages."""
    task = await load_task(request)
    began = time.perf_counter()
    search = LogQueryBody.model_validate(await json_object(request)).search()
    rows, total = await logs.search(request.app[pool_key], task.id, search)
    data = {
        "task_id": task.id,
        "logs": [views.log_entry(r) for r in rows],
        "pagination": pagination(search.limit, search.offset, total),
        "query_time": f"{time.perf_counter() - began:.3f}s",
    }
    return reply(200, "查询任务日志成功", data)
