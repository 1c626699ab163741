"""Token parsing and role checks."""

import pytest
from pydantic import SecretStr

from services.gateway.auth import authenticate, authorize, parse_tokens
from shared.errors import Forbidden, Unauthorized

TOKENS = parse_tokens(SecretStr("r:rt:reader, o:ot:operator ,a:at:admin"))


def test_parse_tokens_strips_and_keeps_order() -> None:
    assert [(t.name, t.token, t.role) for t in TOKENS] == [
        ("r", "rt", "reader"),
        ("o", "ot", "operator"),
        ("a", "at", "admin"),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        "name:token",  # role missing
        "n:t:superuser",  # unknown role
        "n::reader",  # empty token
        "a:b:reader:extra",  # too many parts
    ],
)
def test_malformed_tokens_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="name:token:role"):
        parse_tokens(SecretStr(raw))


def test_no_tokens_configured_means_open() -> None:
    assert parse_tokens(None) == []
    assert parse_tokens(SecretStr("  ")) == []


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer nope", "Token rt", "rt"])
def test_authenticate_refuses(header: str | None) -> None:
    with pytest.raises(Unauthorized):
        authenticate(TOKENS, header)


def test_authenticate_accepts_any_case_scheme() -> None:
    assert authenticate(TOKENS, "bearer ot").name == "o"


@pytest.mark.parametrize(
    ("token", "method", "allowed"),
    [
        ("rt", "GET", True),
        ("rt", "POST", False),
        ("ot", "POST", True),
        ("ot", "DELETE", False),
        ("at", "DELETE", True),
        ("ot", "PATCH", True),
    ],
)
def test_authorize_by_role(token: str, method: str, allowed: bool) -> None:
    principal = authenticate(TOKENS, f"Bearer {token}")
    if allowed:
        authorize(principal, method)
    else:
        with pytest.raises(Forbidden):
            authorize(principal, method)
