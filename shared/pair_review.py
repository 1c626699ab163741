"""What the console's pair review and training_load agree on: a pair's identity (its content)
and a pair file's version tag."""

import hashlib
from typing import Any


def pair_key(question: str, sql: str) -> str:
    """sha256 of the pair's content: a review follows its pair wherever the file moves it."""
    return hashlib.sha256(f"{question.strip()}\0{sql.strip()}".encode()).hexdigest()


def item_key(item: Any) -> str | None:
    """The key of a well-formed item ({question, sql} strings), else None."""
    if not isinstance(item, dict):
        return None
    question, sql = item.get("question"), item.get("sql")
    if not isinstance(question, str) or not isinstance(sql, str):
        return None
    return pair_key(question, sql)


def etag(text: str) -> str:
    """The pair file's version as an HTTP entity tag (quoted)."""
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'
