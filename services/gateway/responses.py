"""JSON responses in the shared envelope."""

import json
from typing import Any

from aiohttp import web

from shared.envelope import ok


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def envelope_response(envelope: dict[str, Any], status: int) -> web.Response:
    return web.json_response(envelope, status=status, dumps=dumps)


def reply(status: int, message: str, data: Any = None) -> web.Response:
    return envelope_response(ok(status, message, data), status)
