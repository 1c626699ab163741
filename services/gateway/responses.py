"""JSON responses in the shared envelope."""

import json
from typing import Any

from aiohttp import web

from shared.envelope import ok

_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)  # built once, not per response


def dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def envelope_response(envelope: dict[str, Any], status: int) -> web.Response:
    return web.json_response(envelope, status=status, dumps=dumps)


def reply(status: int, message: str, data: Any = None) -> web.Response:
    return envelope_response(ok(status, message, data), status)
