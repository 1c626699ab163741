"""Every response in the envelope: typed errors, validation errors, HTTP errors, auth, metrics."""

import logging
import time
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler
from pydantic import ValidationError

from services.gateway.auth import TOKEN_COOKIE, authenticate, authorize, is_open, presented
from services.gateway.keys import metrics_key, principal_key, tokens_key
from services.gateway.responses import envelope_response
from shared.envelope import failure
from shared.errors import DomainError, PayloadTooLarge, ServiceUnavailable, ValidationFailed
from shared.transient import is_transient

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5

# aiohttp's own refusals (unknown route, wrong method, body over client_max_size).
HTTP_ERRORS: dict[int, tuple[str, str]] = {
    404: ("NOT_FOUND", "接口不存在"),
    405: ("METHOD_NOT_ALLOWED", "请求方法不被允许"),
    413: ("PAYLOAD_TOO_LARGE", "请求体过大"),
}


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    # Never echo the input back: it may hold a DSN password.
    return [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
        for e in exc.errors(include_input=False, include_url=False, include_context=False)
    ]


def _headline(exc: ValidationError) -> str:
    """The document's wording where it fixes one (validate_task_request), else a summary."""
    details = exc.errors(include_input=False, include_url=False, include_context=False)
    if any("db_connection" in e["loc"] for e in details):
        return "数据库连接参数不完整"
    missing = [".".join(str(p) for p in e["loc"]) for e in details if e["type"] == "missing"]
    if missing:
        return f"缺少必填字段: {', '.join(missing)}"
    return "请求参数错误"


def validation_failure(exc: ValidationError) -> dict[str, Any]:
    errors = field_errors(exc)
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    message = f"{_headline(exc)}: {summary}"
    return failure(ValidationFailed(message, errors=errors))


def http_failure(exc: web.HTTPException) -> dict[str, Any]:
    code, message = HTTP_ERRORS.get(exc.status, ("HTTP_ERROR", exc.reason))
    if exc.status == 413:
        return failure(PayloadTooLarge(message))
    envelope = {"success": False, "code": exc.status, "message": message, "data": None}
    return {**envelope, "error_code": code}


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except DomainError as exc:
        return envelope_response(failure(exc), exc.http_status)
    except ValidationError as exc:
        return envelope_response(validation_failure(exc), 400)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return envelope_response(http_failure(exc), exc.status)
    except Exception as exc:  # the HTTP boundary: log once, reveal nothing
        if is_transient(exc):  # the database is down or restarting: not a bug, retry later
            log.warning("%s %s: dependency unavailable: %r", request.method, request.path, exc)
            response = envelope_response(failure(ServiceUnavailable()), 503)
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        log.exception("unhandled error on %s %s", request.method, request.path)
        return envelope_response(failure(DomainError()), 500)


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    tokens = request.app[tokens_key]
    if tokens and not is_open(request.path):
        header, cookie = request.headers.get("Authorization"), request.cookies.get(TOKEN_COOKIE)
        token = authenticate(tokens, presented(request.method, header, cookie))
        authorize(token, request.method)
        request[principal_key] = token.name
    return await handler(request)


def route_label(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def metrics_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    metrics = request.app[metrics_key]
    started = time.perf_counter()
    response = await handler(request)
    key = (request.method, route_label(request), response.status)
    if (series := metrics.series.get(key)) is None:  # labels() locks and checks every call
        series = metrics.series[key] = (
            metrics.latency.labels(key[0], key[1]),
            metrics.requests.labels(key[0], key[1], str(key[2])),
        )
    latency, requests = series
    latency.observe(time.perf_counter() - started)
    requests.inc()
    return response
