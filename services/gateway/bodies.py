"""Reading request bodies: a JSON object or a clear 400, never a 500."""

import json
from typing import Any

from aiohttp import web

from shared.errors import ValidationFailed


async def json_object(request: web.Request, *, empty_ok: bool = True) -> dict[str, Any]:
    """The body as a dict; an empty body is {} (all defaults) when empty_ok."""
    raw = await request.read()  # over client_max_size: HTTPRequestEntityTooLarge -> 413
    if not raw.strip():
        if empty_ok:
            return {}
        raise ValidationFailed("请求体不能为空")
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed("请求体不是有效的 JSON") from exc
    if not isinstance(value, dict):
        raise ValidationFailed("请求体必须是 JSON 对象")
    return value
