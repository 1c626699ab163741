"""Tasks: create, list, detail, active."""

import math
import time
from typing import Any

from aiohttp import web

from services.gateway import creation, idempotency, outbox, views
from services.gateway.bodies import json_object
from services.gateway.idempotency import idempotent
from services.gateway.keys import pool_key
from services.gateway.query_schemas import TaskQueryBody
from services.gateway.responses import reply
from services.gateway.schemas import TaskListQuery
from shared.db import executions, task_listing, tasks
from shared.errors import NoActiveTask, TaskNotFound
from shared.models import ACTIVE_EXECUTION
from shared.records import TaskRecord
from shared.task_ids import checked_task_id


async def load_task(request: web.Request) -> TaskRecord:
    """The task named in the path: 400 INVALID_PATH for a malformed id, 404 if unknown."""
    task_id = checked_task_id(request.match_info["task_id"])
    task = await tasks.get(request.app[pool_key], task_id)
    if task is None:
        raise TaskNotFound(task_id)
    return task


@idempotent
async def create_task(request: web.Request) -> web.Response:
    req = await creation.parse_request(request, await json_object(request))
    async with request.app[pool_key].acquire() as conn, conn.transaction():
        await idempotency.claim(conn, request)
        task, command = await creation.record_create(conn, request, req)
        response = await idempotency.remember(
            conn, request, reply(201, "任务创建成功", creation.created_view(task))
        )
    await outbox.publish(request.app, command)
    return response


def _page(query: TaskListQuery, total: int) -> dict[str, Any]:
    return pagination(*query.window(), total)


def pagination(limit: int, offset: int, total: int) -> dict[str, Any]:
    page = -(-offset // limit) + 1  # an offset inside a page counts as the next page
    pages = math.ceil(total / limit) if total else 0
    return {
        "page": page,
        "page_size": limit,
        "total": total,
        "total_pages": pages,
        "has_next": offset + limit < total,
        "has_prev": offset > 0,
    }


def _filter(query: TaskListQuery) -> task_listing.TaskFilter:
    limit, offset = query.window()
    return task_listing.TaskFilter(
        status=query.statuses(),
        db_name=query.db_name,
        created_by=query.created_by,
        task_name=query.task_name,
        created_from=query.created_from,
        created_to=query.created_to,
        directory_exists=query.directory_exists,
        sort_by=query.sort_by,
        descending=query.sort_order == "desc",
        limit=limit,
        offset=offset,
    )


async def list_tasks(request: web.Request) -> web.Response:
    query = TaskListQuery.model_validate(dict(request.query))
    rows, total = await task_listing.list_page(request.app[pool_key], _filter(query))
    limit, offset = query.window()
    data = {
        "tasks": [views.task_summary(t) for t in rows],
        "total": total,
        "limit": limit,
        "offset": offset,
        "pagination": _page(query, total),
    }
    return reply(200, "获取任务列表成功", data)


async def query_tasks(request: web.Request) -> web.Response:
    """The original's advanced list: filters, time ranges, sort, pages (POST /tasks/query)."""
    began = time.perf_counter()
    body = TaskQueryBody.model_validate(await json_object(request))
    f = body.task_filter()
    rows, total = await task_listing.list_page(request.app[pool_key], f)
    paging = {"page", "page_size", "sort_by", "sort_order"}
    filters = body.model_dump(mode="json", exclude_none=True, exclude=paging)
    data = {
        "tasks": [views.task_summary(t) for t in rows],
        "pagination": pagination(f.limit, f.offset, total),
        "filters_applied": filters,
        "sort_applied": {"sort_by": body.sort_by, "sort_order": body.sort_order},
        "query_time": f"{time.perf_counter() - began:.3f}s",
    }
    return reply(200, "查询任务列表成功", data)


async def _detail(request: web.Request, task: TaskRecord) -> dict[str, Any]:
    pool = request.app[pool_key]
    active = await executions.active_for_task(pool, task.id)
    return views.task_detail(task, active, await executions.list_for_task(pool, task.id))


async def get_task(request: web.Request) -> web.Response:
    task_id = checked_task_id(request.match_info["task_id"])
    found = await tasks.get_with_executions(request.app[pool_key], task_id)
    if found is None:
        raise TaskNotFound(task_id)
    task, runs = found
    active = next((e for e in runs if e.status in ACTIVE_EXECUTION), None)
    return reply(200, "获取任务状态成功", views.task_detail(task, active, runs))


async def active_task(request: web.Request) -> web.Response:
    task = await task_listing.active(request.app[pool_key])
    if task is None:
        raise NoActiveTask()
    return reply(200, "获取活跃任务成功", await _detail(request, task))
