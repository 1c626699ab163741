"""One handler per page: the shell and what it needs to start (the task id, whether to ask
for a token). The data itself comes from the API, with the same auth as any client."""

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from services.gateway.keys import tokens_key
from services.gateway.views import API_BASE
from shared.models import PROGRESS_BANDS, STEP_ORDER
from shared.storage import validate_task_id

STEP_LABELS = {
    "ddl_generation": "DDL/MD 生成",
    "qa_generation": "问答对生成",
    "sql_validation": "SQL 验证",
    "training_load": "训练数据加载",
}


def context(request: web.Request, **extra: Any) -> dict[str, Any]:
    return {
        "api": API_BASE,
        "auth_required": bool(request.app[tokens_key]),
        "steps": [(s.value, STEP_LABELS[s.value]) for s in STEP_ORDER],
        **extra,
    }


async def render(request: web.Request, template: str, **extra: Any) -> web.Response:
    response = await aiohttp_jinja2.render_template_async(
        template, request, context(request, **extra)
    )
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'"
    )
    return response


async def task_list(request: web.Request) -> web.Response:
    return await render(request, "tasks.html")


async def new_task(request: web.Request) -> web.Response:
    return await render(request, "new_task.html")


async def task_page(request: web.Request) -> web.Response:
    task_id = validate_task_id(request.match_info["task_id"])
    cards = [(s.value, STEP_LABELS[s.value], PROGRESS_BANDS[s]) for s in STEP_ORDER]
    return await render(request, "task.html", task_id=task_id, step_cards=cards)


async def vector_page(request: web.Request) -> web.Response:
    return await render(request, "vectors.html")


async def pairs_page(request: web.Request) -> web.Response:
    task_id = validate_task_id(request.match_info["task_id"])
    return await render(request, "pairs.html", task_id=task_id)
