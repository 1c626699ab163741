"""Splits training files into documents: DDL statements, markdown sections, Q/SQL pairs."""

import json
import re
from typing import Any

from services.executor.vectors.documents import question_sql_document

_HEADING = re.compile(r"^(?=#{1,3}(?!#))", re.MULTILINE)
LONG_SECTION_CHARS = 2000
_PREAMBLE = re.compile(r"^(?:\s*--[^\n]*\n)*\s*create\s+(?:schema|type)\b", re.IGNORECASE)


class UnreadableFile(ValueError):
    """A training file whose content is not what its name promises."""


def split_ddl(text: str) -> list[str]:
    """Statements split on `;` (dropped), except a `;` inside a `--` comment: column comments
    are free text and must not cut a CREATE TABLE in two."""
    statements: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        code, dash, comment = line.partition("--")
        *finished, rest = code.split(";")
        for piece in finished:
            statements.append("\n".join([*current, piece]))
            current = []
        current.append(rest + dash + comment)
    statements.append("\n".join(current))
    return _with_preamble([s.strip() for s in statements if s.strip()])


def _with_preamble(statements: list[str]) -> list[str]:
    """`create schema`/`create type` stay with the table they are there for: one document."""
    folded: list[str] = []
    pending: list[str] = []
    for statement in statements:
        if _PREAMBLE.match(statement):
            pending.append(statement)
            continue
        folded.append(";\n".join([*pending, statement]))
        pending = []
    return folded + pending


def split_markdown(text: str) -> list[str]:
    """Sections starting at `#`, `##` or `###` headings (one `##` per _detail.md file)."""
    return [section.strip() for section in _HEADING.split(text) if section.strip()]


def _field(item: dict[str, Any], key: str) -> str:
    value = next((v for k, v in item.items() if k.lower() == key), None)
    return value.strip() if isinstance(value, str) else ""


def pair_items(text: str) -> list[Any]:
    """The items of a pair file: a JSON array, else UnreadableFile."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"不是合法的 JSON: {exc}") from exc
    if not isinstance(items, list):
        raise UnreadableFile("应为问答对数组")
    return items


def split_pairs(text: str) -> list[str]:
    """Q/SQL documents from a pair file; items missing a question or SQL are dropped."""
    items = pair_items(text)
    pairs = [(_field(i, "question"), _field(i, "sql")) for i in items if isinstance(i, dict)]
    return [question_sql_document(q, sql) for q, sql in pairs if q and sql]
