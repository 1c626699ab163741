"""/training_data create, update, delete, upload, combine and a task's removal: recorded
commands the executor runs under the store's lock (answered at once, or 202 + status URL)."""

from typing import Any

from aiohttp import BodyPartReader, web

from services.gateway import outbox
from services.gateway.bodies import json_object
from services.gateway.idempotency import idempotent
from services.gateway.submission import submit
from shared import messages as m
from shared.errors import ConfirmRequired, MissingParams, PayloadTooLarge, ValidationFailed
from shared.storage import validate_task_id
from shared.vector_payloads import (
    TrainingCombinePayload,
    TrainingCreatePayload,
    TrainingDeletePayload,
    TrainingRemoveTaskPayload,
    TrainingUpdatePayload,
    TrainingUploadPayload,
)

MAX_UPLOAD_BYTES = 500 * 1024
_SUFFIX_TYPES = {
    ".json": "sql_pair_json",
    ".ddl": "ddl",
    ".md": "markdown",
    ".markdown": "markdown",
}


async def _send(
    request: web.Request, command: m.CommandBase, task_id: str | None = None
) -> web.Response:
    return await submit(request, command, task_id)


def _ident(request: web.Request) -> dict[str, Any]:
    return outbox.identity(request, outbox.principal(request))


def _confirmed(fields: dict[str, Any]) -> None:
    if fields.get("confirm") is not True:
        raise ConfirmRequired("删除训练数据需要 confirm=true")


@idempotent
async def create(request: web.Request) -> web.Response:
    """{items: [...]} (up to 50), {data: [...] | {...}} or one bare item."""
    body = await json_object(request, empty_ok=False)
    items = body.get("items", body.get("data", body))
    payload = TrainingCreatePayload.model_validate(
        {"items": items if isinstance(items, list) else [items]}
    )
    return await _send(request, m.CreateTraining(**_ident(request), payload=payload))


@idempotent
async def update(request: web.Request) -> web.Response:
    """{id, item: {...}} or {id, training_data_type, content | question + sql}."""
    body = await json_object(request, empty_ok=False)
    item = body.get("item", {k: v for k, v in body.items() if k != "id"})
    payload = TrainingUpdatePayload.model_validate({"id": body.get("id"), "item": item})
    return await _send(request, m.UpdateTraining(**_ident(request), payload=payload))


@idempotent
async def delete(request: web.Request) -> web.Response:
    body = await json_object(request, empty_ok=False)
    if not body.get("ids"):
        raise MissingParams(["ids"])
    _confirmed(body)
    payload = TrainingDeletePayload.model_validate(body)
    return await _send(request, m.DeleteTraining(**_ident(request), payload=payload))


@idempotent
async def combine(request: web.Request) -> web.Response:
    payload = TrainingCombinePayload.model_validate(await json_object(request))
    return await _send(request, m.CombineTraining(**_ident(request), payload=payload))


@idempotent
async def remove_task(request: web.Request) -> web.Response:
    task_id = validate_task_id(request.match_info["task_id"])
    body = await json_object(request)
    if "confirm" not in body and request.query.get("confirm", "").lower() in ("true", "1"):
        body["confirm"] = True
    _confirmed(body)
    payload = TrainingRemoveTaskPayload(task_id=task_id, confirm=True)
    return await _send(request, m.RemoveTaskTraining(**_ident(request), payload=payload), task_id)


async def _read_part(part: BodyPartReader) -> bytes:
    data = bytearray()
    while chunk := await part.read_chunk(8192):
        data += chunk
        if len(data) > MAX_UPLOAD_BYTES:
            raise PayloadTooLarge("上传文件不能超过 500KB")
    return bytes(data)


async def _form(request: web.Request) -> dict[str, Any]:
    if not request.content_type.startswith("multipart/"):
        raise ValidationFailed("请使用 multipart/form-data 上传, 文件字段名为 file")
    fields: dict[str, Any] = {}
    try:
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if isinstance(part, BodyPartReader) and part.name == "file":
                fields["file_name"], fields["data"] = part.filename or "", await _read_part(part)
            elif isinstance(part, BodyPartReader) and part.name == "file_type":
                fields["file_type"] = (await part.text()).strip()
    except ValueError as exc:
        raise ValidationFailed("multipart 请求格式错误") from exc
    if "data" not in fields:
        raise MissingParams(["file"], "缺少上传文件字段: file")
    return fields


def _file_type(name: str, given: str | None) -> str:
    inferred = next((t for sfx, t in _SUFFIX_TYPES.items() if name.lower().endswith(sfx)), None)
    if given or inferred:
        return given or str(inferred)
    raise MissingParams(
        ["file_type"], "无法从文件名判断类型, 请提供 file_type (ddl|markdown|sql_pair_json)"
    )


@idempotent
async def upload(request: web.Request) -> web.Response:
    fields = await _form(request)
    try:
        text = fields["data"].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("上传文件必须是 UTF-8 文本") from exc
    name = fields["file_name"] or "upload"
    payload = TrainingUploadPayload.model_validate(
        {"file_name": name, "file_type": _file_type(name, fields.get("file_type")), "content": text}
    )
    return await _send(request, m.UploadTraining(**_ident(request), payload=payload))
