"""Gateway hardening that no handler should have to remember: the Host check (DNS rebinding
against an open local gateway), NUL in the URL, and the open-mode bind rule."""

import ipaddress

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from shared.config import Settings
from shared.errors import HostNotAllowed, ValidationFailed

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(settings: Settings) -> frozenset[str] | None:
    """None: any Host. Open mode defaults to loopback names; token mode to any."""
    if settings.allowed_hosts:
        names = {h.strip().lower() for h in settings.allowed_hosts.split(",") if h.strip()}
        return None if "*" in names else frozenset(names)
    return None if settings.api_tokens else frozenset(LOOPBACK_NAMES)


def host_name(header: str) -> str:
    """'[::1]:8084' -> '::1', 'Example.org:80' -> 'example.org'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_open_bind(settings: Settings) -> None:
    """Open mode binds loopback only, unless DP_ALLOW_OPEN=1 says it is meant."""
    if settings.api_tokens or settings.allow_open or is_loopback(settings.http_host):
        return
    raise SystemExit(
        f"refusing to serve without DP_API_TOKENS on {settings.http_host}: set tokens, "
        "bind 127.0.0.1, or set DP_ALLOW_OPEN=1"
    )


def hardening_middleware(allowed: frozenset[str] | None) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if allowed is not None and host_name(request.host) not in allowed:
            raise HostNotAllowed("Host 不在 DP_ALLOWED_HOSTS 中")
        if "\x00" in request.path or "\x00" in request.query_string or "%00" in request.raw_path:
            raise ValidationFailed("请求中不能包含 NUL 字符")
        return await handler(request)

    return middleware
