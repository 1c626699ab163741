"""Masking of credentials in DSNs and parameter trees, used before anything is logged or stored."""

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

MASK = "******"
SECRET_KEYS = frozenset({"password", "passwd", "api_key", "apikey", "secret", "token", "pwd"})
_DSN_IN_TEXT = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)([^@\s]+)(@)", re.IGNORECASE)


def mask_dsn(dsn: str) -> str:
    """postgresql://u:secret@h/db -> postgresql://u:******@h/db (no password: unchanged)."""
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    host = parts.hostname or ""
    netloc = f"{parts.username}:{MASK}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def mask_text(text: str) -> str:
    """Masks any DSN password embedded in free text (log lines, error messages)."""
    return _DSN_IN_TEXT.sub(rf"\g<1>{MASK}\g<3>", text)


def mask_tree(value: Any) -> Any:
    """A copy of a JSON-like tree with secret keys and DSN passwords masked."""
    if isinstance(value, Mapping):
        return {k: MASK if _is_secret(k, v) else mask_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_tree(v) for v in value]
    if isinstance(value, str):
        return mask_text(value)
    return value


def _is_secret(key: object, value: object) -> bool:
    return isinstance(key, str) and key.lower() in SECRET_KEYS and value not in (None, "")
