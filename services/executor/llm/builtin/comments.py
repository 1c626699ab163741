"""Fills missing table and column comments from the names (existing comments are kept)."""

from services.executor.llm.base import (
    ColumnComment,
    ColumnDoc,
    SchemaDocs,
    TableComments,
    TableDoc,
)
from services.executor.llm.builtin.language import SYSTEM_PREFIXES, has_cjk
from services.executor.llm.builtin.vocabulary import EXACT, SUFFIXES, WORDS


def _singular(word: str) -> str:
    return word[:-1] if word not in WORDS and word.endswith("s") and word[:-1] in WORDS else word


def _known(words: list[str]) -> bool:
    return bool(words) and all(_singular(w) in WORDS for w in words)


def _chinese(words: list[str]) -> str:
    return "".join(WORDS[_singular(w)] for w in words)


def column_comment(name: str) -> str:
    """Chinese when every word is known, else the name in words: one language, never
    `order日期` (a guess is left to an LLM)."""
    lower = name.lower()
    if lower in EXACT:
        return EXACT[lower]
    words = [w for w in lower.split("_") if w]
    if lower.startswith("is_") and _known(words[1:]):
        return "是否" + _chinese(words[1:])
    if len(words) > 1 and words[-1] in SUFFIXES and _known(words[:-1]):
        return _chinese(words[:-1]) + SUFFIXES[words[-1]]
    return _chinese(words) if _known(words) else " ".join(words)


def table_label(name: str) -> str:
    """`bss_order_item` -> 订单明细; `inventory` -> inventory (no system prefix)."""
    words = [w for w in name.rsplit(".", 1)[-1].lower().split("_") if w]
    if len(words) > 1 and words[0] in SYSTEM_PREFIXES:
        words = words[1:]
    return _chinese(words) if _known(words) else " ".join(words)


def table_comment(name: str) -> str:
    label = table_label(name)
    return label + "表" if has_cjk(label) else label


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
