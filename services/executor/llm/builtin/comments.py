"""Fills missing table and column comments from the names (existing comments are kept)."""

from services.executor.llm.base import (
    ColumnComment,
    ColumnDoc,
    SchemaDocs,
    TableComments,
    TableDoc,
)
from services.executor.llm.builtin.language import SYSTEM_PREFIXES
from services.executor.llm.builtin.vocabulary import EXACT, SUFFIXES, WORDS


def _words(words: list[str]) -> str:
    """Chinese when every word is known, else the words as they are (never a guess)."""
    if words and all(w in WORDS for w in words):
        return "".join(WORDS[w] for w in words)
    return " ".join(words)


def column_comment(name: str) -> str:
    lower = name.lower()
    if lower in EXACT:
        return EXACT[lower]
    words = [w for w in lower.split("_") if w]
    if lower.startswith("is_") and len(words) > 1:
        return "是否" + _words(words[1:])
    if len(words) > 1 and words[-1] in SUFFIXES:
        return _words(words[:-1]) + SUFFIXES[words[-1]]
    return _words(words)


def table_comment(name: str) -> str:
    words = [w for w in name.rsplit(".", 1)[-1].lower().split("_") if w]
    if len(words) > 1 and words[0] in SYSTEM_PREFIXES:
        words = words[1:]
    return _words(words) + "表"


def _missing(comment: str, name: str) -> bool:
    return not comment.strip() or comment.strip() == name


def _column(column: ColumnDoc) -> ColumnComment:
    missing = _missing(column.comment, column.name)
    return ColumnComment(column.name, column_comment(column.name) if missing else column.comment)


def comment_table(docs: SchemaDocs, table: TableDoc) -> TableComments:
    del docs  # the builtin provider needs nothing beyond the table itself
    missing = _missing(table.comment, table.name)
    return TableComments(
        table_comment=table_comment(table.name) if missing else table.comment,
        columns=tuple(_column(c) for c in table.columns),
    )
