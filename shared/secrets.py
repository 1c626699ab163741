"""The one place secrets are masked before anything is logged, stored, sent or shown: DSNs in
both libpq forms, secret-named keys in parameter trees, Authorization values in free text.
Masking errs on the side of hiding too much: a mangled DSN is masked as far as it could be."""

import functools
import re
from collections.abc import Mapping
from typing import Any

from shared import dsn as libpq

MASK = "******"
# A key is secret when its name contains one of these (api_key, access_token, Authorization...).
_SECRET_NAME = re.compile(r"key|token|secret|passw|pwd|auth|credential", re.IGNORECASE)
_NAME = r"[\w.-]*(?:key|token|secret|passw|pwd|auth|credential)[\w.-]*"
_SCHEME = re.compile(r"\b[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_ASSIGNED = re.compile(
    rf"(?i)\b({_NAME})(\s*[=:]\s*)('(?:[^'\\]|\\.)*'?|[^\s&'\",;)\]}}]+)",
)
_QUOTED = re.compile(rf"(?i)([\"'])({_NAME})\1(\s*:\s*)([\"'])(?:\\.|(?!\4).)*\4?")
_SCHEME_TOKEN = re.compile(r"(?i)\b(bearer|basic|token)(\s+)[A-Za-z0-9._~+/=-]{4,}")
# Every pattern above needs one of these words: text without any is returned as is (most log
# lines), after one casefold instead of four regex passes. casefold() folds at least what the
# patterns' IGNORECASE does, except the dotless ı, mapped by hand.
_TRIGGERS = (
    "://",
    "key",
    "token",
    "secret",
    "passw",
    "pwd",
    "auth",
    "credential",
    "bearer",
    "basic",
)


_ANY_TRIGGER = re.compile("|".join(map(re.escape, _TRIGGERS)))  # one C scan for all of them


def _might_hold_secret(text: str) -> bool:
    return _ANY_TRIGGER.search(text.casefold().replace("ı", "i")) is not None


@functools.lru_cache(maxsize=4096)
def _secret_name(key: str) -> bool:
    return _SECRET_NAME.search(key) is not None


def is_secret_key(key: object) -> bool:
    return isinstance(key, str) and _secret_name(key)


def mask_dsn(dsn: str) -> str:
    """A whole connection string, either form: every password masked, the rest kept."""
    if _SCHEME.match(dsn):
        return _mask_uri(dsn)
    try:
        spans = [span for key, _, span in libpq.keyword_spans(dsn) if is_secret_key(key)]
    except libpq.DsnError:
        return _mask_assignments(dsn)  # unterminated quote: hide from the key to the end
    for start, end in reversed(spans):
        dsn = dsn[:start] + MASK + dsn[end:]
    return dsn


def _mask_uri(uri: str) -> str:
    """userinfo up to the LAST '@' (a password may hold '@', spaces, '/'); secret query values."""
    scheme = _SCHEME.match(uri)
    assert scheme is not None
    rest = uri[scheme.end() :]
    head, q, query = rest.partition("?")
    at = head.rfind("@")
    if at < 0 and "@" in query:  # a '?' inside the password: mask up to the last '@'
        head, q, query = rest, "", ""
        at = head.rfind("@")
    user, colon, _ = head[: max(at, 0)].partition(":")
    if at >= 0 and colon:
        head = f"{user}:{MASK}{head[at:]}"
    return scheme.group(0) + head + q + _mask_query(query)


def _mask_query(query: str) -> str:
    out: list[str] = []
    hiding = False
    for pair in query.split("&"):
        key, eq, _ = pair.partition("=")
        if eq:
            hiding = is_secret_key(key)
        out.append(f"{key}={MASK}" if hiding else pair)  # a stray '&' stays hidden
    return "&".join(out)


def _mask_assignments(text: str) -> str:
    return _ASSIGNED.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)


def mask_text(text: str) -> str:
    """Masks secrets anywhere in free text: log lines, error messages, reprs of dicts."""
    if not _might_hold_secret(text):
        return text
    text = _mask_uris_in_text(text)
    text = _SCHEME_TOKEN.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    text = _mask_assignments(text)
    return _QUOTED.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(1)}{m.group(3)}'{MASK}'", text)


def _mask_uris_in_text(text: str) -> str:
    """Each URI runs to the end of its line or the next scheme (a password may hold spaces)."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        starts = [m.start() for m in _SCHEME.finditer(line)]
        if not starts:
            out.append(line)
            continue
        out.append(line[: starts[0]])
        for start, end in zip(starts, [*starts[1:], len(line)], strict=True):
            out.append(_mask_uri(line[start:end]))
    return "".join(out)


_SCALARS = frozenset({int, float, bool, type(None)})  # nothing to mask: returned as they are


def mask_tree(value: Any) -> Any:
    """A copy of a JSON-like tree: values under secret-named keys masked, DSNs in strings too."""
    kind = type(value)
    if kind is str:
        return mask_text(value)
    if kind in _SCALARS:  # exact types first: the ABC checks below cost more than the masking
        return value
    if kind is dict or isinstance(value, Mapping):
        return {k: _hide(v) if is_secret_key(k) else mask_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_tree(v) for v in value]
    if isinstance(value, str):
        return mask_text(value)
    return value


def _hide(value: Any) -> Any:
    """Every non-empty string below a secret key (numbers like max_tokens are no secret)."""
    if isinstance(value, str):
        return MASK if value else value
    if isinstance(value, Mapping):
        return {k: _hide(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_hide(v) for v in value]
    return value
