"""Reading request bodies: a JSON object or a clear 400, never a 500.

Only `Content-Type: application/json` is parsed: a browser can send text/plain or a form
cross-site without a preflight, never JSON. One exception: curl's default form type from a
client that is not a browser (no Origin, no Sec-Fetch-Site: every browser sends one of them on a
cross-site POST), so the documents' curl examples (`curl -d '{...}'`) work as written. The
limits keep a hostile body from reaching PostgreSQL (NUL) or the serializers (depth, huge
integers)."""

import json
from typing import Any

from aiohttp import web

from shared.errors import UnsupportedMediaType, ValidationFailed

MAX_DEPTH = 64
MAX_INT = 2**63 - 1


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 19 or not -MAX_INT - 1 <= (value := int(text)) <= MAX_INT:
        raise ValueError("integer out of range")
    return value


def check_tree(value: Any) -> None:
    """No NUL in any key or string, nesting at most MAX_DEPTH (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValidationFailed(f"JSON 嵌套层数不能超过 {MAX_DEPTH}")
        if isinstance(item, str) and "\x00" in item:
            raise ValidationFailed("请求中不能包含 NUL 字符")
        if isinstance(item, dict):
            stack.extend((k, depth) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)


def parse_json(raw: bytes) -> Any:
    try:
        value = json.loads(raw, parse_int=_bounded_int)
    except RecursionError:
        raise ValidationFailed(f"JSON 嵌套层数不能超过 {MAX_DEPTH}") from None
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError, integers out of range
        raise ValidationFailed("请求体不是有效的 JSON (整数须在 64 位范围内)") from exc
    check_tree(value)
    return value


BROWSER_HEADERS = ("Origin", "Sec-Fetch-Site")


def _curl_default(request: web.Request) -> bool:
    """`curl -d` without -H: form type, sent by a client that is not a browser."""
    form = request.content_type == "application/x-www-form-urlencoded"
    return form and not any(h in request.headers for h in BROWSER_HEADERS)


async def json_object(request: web.Request, *, empty_ok: bool = True) -> dict[str, Any]:
    """The body as a dict; an empty body is {} (all defaults) when empty_ok."""
    raw = await request.read()  # over client_max_size: HTTPRequestEntityTooLarge -> 413
    if not raw.strip():
        if empty_ok:
            return {}
        raise ValidationFailed("请求体不能为空")
    if request.content_type != "application/json" and not _curl_default(request):
        raise UnsupportedMediaType("请求体必须是 JSON (Content-Type: application/json)")
    value = parse_json(raw)
    if not isinstance(value, dict):
        raise ValidationFailed("请求体必须是 JSON 对象")
    return value
