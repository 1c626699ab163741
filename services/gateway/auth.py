"""Bearer tokens from DP_API_TOKENS (name:token:role) and the role each method needs."""

import hmac
from dataclasses import dataclass

from pydantic import SecretStr

from shared.errors import Forbidden, Unauthorized

ROLE_RANK = {"reader": 1, "operator": 2, "admin": 3}
METHOD_ROLE = {"GET": "reader", "HEAD": "reader", "OPTIONS": "reader", "DELETE": "admin"}
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# The console's pages and assets carry no data; the data they fetch is authorized as usual.
OPEN_PREFIXES = ("/static/", "/ui/")
CONSOLE_HOME = "/"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# The console keeps its token in this cookie for what a browser sends without its scripts
# (EventSource, downloads). Reads only: a write always needs the header, so a cookie alone
# can never change anything (no CSRF).
TOKEN_COOKIE = "dp_token"


@dataclass(frozen=True)
class ApiToken:
    name: str
    token: str
    role: str


def parse_tokens(raw: SecretStr | None) -> list[ApiToken]:
    """Raises ValueError on a malformed entry: a bad token config must stop the start-up."""
    if raw is None or not raw.get_secret_value().strip():
        return []
    tokens = []
    for entry in raw.get_secret_value().split(","):
        parts = [p.strip() for p in entry.split(":")]
        if len(parts) != 3 or not all(parts) or parts[2] not in ROLE_RANK:
            raise ValueError(
                "DP_API_TOKENS entries must be name:token:role (reader|operator|admin)"
            )
        tokens.append(ApiToken(*parts))
    return tokens


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path == CONSOLE_HOME or path.startswith(OPEN_PREFIXES)


def presented(method: str, authorization: str | None, cookie: str | None) -> str | None:
    """The Authorization header, else (reads only) the console's cookie as a bearer token."""
    if authorization or method.upper() not in SAFE_METHODS or not cookie:
        return authorization
    return f"Bearer {cookie}"


def authenticate(tokens: list[ApiToken], authorization: str | None) -> ApiToken:
    scheme, _, presented = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise Unauthorized("缺少有效的访问令牌 (Authorization: Bearer <token>)")
    given = presented.strip().encode()
    # Compare against every token so the time taken does not reveal which one nearly matched.
    matches = [t for t in tokens if hmac.compare_digest(t.token.encode(), given)]
    if not matches:
        raise Unauthorized("访问令牌无效")
    return matches[0]


def authorize(token: ApiToken, method: str) -> None:
    needed = METHOD_ROLE.get(method.upper(), "operator")
    if ROLE_RANK[token.role] < ROLE_RANK[needed]:
        raise Forbidden(f"权限不足: 需要 {needed} 角色", required_role=needed)
