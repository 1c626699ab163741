"""CORS for a browser UI on another origin (DP_CORS_ORIGINS): preflights answered before auth,
allowed origins echoed on every response. No origin configured: no CORS headers at all."""

from aiohttp import web
from aiohttp.typedefs import Handler

from services.gateway.keys import settings_key

ALLOW_METHODS = "GET, POST, DELETE, OPTIONS"
ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key"
EXPOSE_HEADERS = "Content-Disposition"


def allowed_origin(request: web.Request) -> str | None:
    origin = request.headers.get("Origin")
    origins = request.app[settings_key].cors_origin_list
    return origin if origin and (origin in origins or "*" in origins) else None


def _preflight(request: web.Request) -> web.Response:
    asked = request.headers.get("Access-Control-Request-Headers")
    return web.Response(
        status=204,
        headers={
            "Access-Control-Allow-Methods": ALLOW_METHODS,
            "Access-Control-Allow-Headers": asked or ALLOW_HEADERS,
            "Access-Control-Max-Age": "600",
        },
    )


@web.middleware
async def cors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    origin = allowed_origin(request)
    if origin is None:
        return await handler(request)
    is_preflight = (
        request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers
    )
    response = _preflight(request) if is_preflight else await handler(request)
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    response.headers["Vary"] = "Origin"
    return response
