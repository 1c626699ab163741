"""Pair review: list a task's pairs with verdicts and reviews; edit one (the executor
re-validates it and writes the file, If-Match against concurrent edits); approve or reject."""

from typing import Literal

from aiohttp import web
from pydantic import Field

from services.gateway import outbox, pair_views
from services.gateway.bodies import json_object
from services.gateway.handlers.tasks import load_task
from services.gateway.keys import pool_key, rpc_key, storage_key
from services.gateway.responses import envelope_response, reply
from services.gateway.schemas import Body
from shared.console_payloads import UpdatePairPayload
from shared.db import pair_reviews
from shared.errors import MissingParams, PairNotFound, PreconditionRequired
from shared.messages import UpdatePair
from shared.pair_review import item_key

EDIT_TIMEOUT_SECONDS = 60.0  # EXPLAIN and a counted test run on the business DB
ReviewState = Literal["approved", "rejected"]


class PairEdit(Body):
    question: str | None = Field(default=None, min_length=1, max_length=2000)
    sql: str | None = Field(default=None, min_length=1, max_length=20_000)


class Review(Body):
    state: ReviewState


class BulkReview(Review):
    indexes: list[int] = Field(min_length=1, max_length=5000)


def _index(request: web.Request) -> int:
    raw = request.match_info["index"]
    if not raw.isdigit():
        raise PairNotFound(f"问答对序号不合法: {raw}")
    return int(raw)


async def list_pairs(request: web.Request) -> web.Response:
    task = await load_task(request)
    storage = request.app[storage_key]
    pairs = await pair_views.read_pair_file(storage, task.id)
    verdicts = await pair_views.report_verdicts(storage, task.id)
    reviews = await pair_reviews.for_task(request.app[pool_key], task.id)
    rows = [pair_views.pair_row(i, it, verdicts, reviews) for i, it in enumerate(pairs.items)]
    data = {
        "task_id": task.id,
        "pair_file": pairs.name,
        "etag": pairs.etag,
        "pairs": rows,
        "summary": pair_views.summary(rows),
    }
    response = reply(200, "获取问答对成功", data)
    response.headers["ETag"] = pairs.etag
    return response


async def edit_pair(request: web.Request) -> web.Response:
    task = await load_task(request)
    edit = PairEdit.model_validate(await json_object(request, empty_ok=False))
    if edit.question is None and edit.sql is None:
        raise MissingParams(["question", "sql"], "至少需要 question 或 sql 之一")
    if_match = request.headers.get("If-Match")
    if not if_match:
        raise PreconditionRequired()
    payload = UpdatePairPayload(
        task_id=task.id,
        index=_index(request),
        if_match=if_match,
        question=edit.question,
        sql=edit.sql,
    )
    command = UpdatePair(**outbox.identity(request, outbox.principal(request)), payload=payload)
    envelope = await request.app[rpc_key].call(command, EDIT_TIMEOUT_SECONDS)
    response = envelope_response(envelope, int(envelope["code"]))
    if envelope.get("success"):
        response.headers["ETag"] = envelope["data"]["etag"]
    return response


async def _review(request: web.Request, indexes: list[int], state: str) -> web.Response:
    task = await load_task(request)
    pairs = await pair_views.read_pair_file(request.app[storage_key], task.id)
    keys = []
    for index in indexes:
        item = pairs.items[index] if 0 <= index < len(pairs.items) else None
        key = item_key(item)
        if key is None:
            raise PairNotFound(f"问答对不存在: 第 {index} 项", index=index)
        keys.append(key)
    await pair_reviews.set_state(
        request.app[pool_key], task.id, keys, state, outbox.principal(request)
    )
    return reply(200, "审核状态已保存", {"task_id": task.id, "indexes": indexes, "state": state})


async def review_pair(request: web.Request) -> web.Response:
    body = Review.model_validate(await json_object(request, empty_ok=False))
    return await _review(request, [_index(request)], body.state)


async def review_pairs(request: web.Request) -> web.Response:
    body = BulkReview.model_validate(await json_object(request, empty_ok=False))
    return await _review(request, body.indexes, body.state)
