"""Values as PostgreSQL prints them (true, {a,b}, 9.52, 2025-01-09 00:00:00+00), never
Python's repr (True, ['a', 'b'], 9.520000457763672, +00:00)."""

import json
import re
from datetime import datetime, time
from typing import Any

from services.executor.steps.ddl_generation.sqltext import one_line

_ARRAY_PLAIN = re.compile(r'^[^\s,{}"\\]+$')
_UTC_OFFSET = re.compile(r"([+-]\d{2}):00$")
_PLAIN = frozenset({str, int})  # exact types: bool is an int, yet prints as true/false
FLOAT4_DIGITS = 7  # what a real holds; asyncpg widens it to a double


def _element(value: Any, type_name: str) -> str:
    if value is None:
        return "NULL"
    text = as_text(value, type_name)
    return (
        text
        if _ARRAY_PLAIN.match(text)
        else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    )


def as_text(value: Any, type_name: str = "") -> str:
    if type(value) in _PLAIN:  # the common cases (codes, names, ids) skip the checks
        return one_line(str(value))
    return _typed_text(value, type_name)


def _typed_text(value: Any, type_name: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            format(value, f".{FLOAT4_DIGITS}g")
            if type_name.lstrip("_") == "float4"
            else repr(value)
        )
    if isinstance(value, list | tuple):
        return "{" + ",".join(_element(v, type_name) for v in value) + "}"
    if isinstance(value, datetime | time):
        return _UTC_OFFSET.sub(
            r"\1", value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
        )
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return one_line(str(value))
