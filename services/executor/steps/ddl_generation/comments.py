"""Comments for the documents: the database's own first, then the builtin guess from the name
(`llm/builtin/comments.py::column_comment`, the one vocabulary)."""

from dataclasses import replace

from services.executor.llm.builtin.comments import column_comment
from services.executor.table_info import ColumnInfo, TableInfo


def has_comment(text: str | None) -> bool:
    return bool(text and text.strip())


def _filled(column: ColumnInfo) -> ColumnInfo:
    if has_comment(column.comment):
        return column
    return replace(column, comment=column_comment(column.name))


def fill_builtin(table: TableInfo) -> TableInfo:
    """Missing column comments get the builtin guess; a missing table comment stays missing
    (the documents then fall back to the table name, as the reference does)."""
    comment = table.comment if has_comment(table.comment) else None
    return replace(table, comment=comment, columns=tuple(_filled(c) for c in table.columns))


def missing_comments(table: TableInfo) -> bool:
    return not has_comment(table.comment) or any(not has_comment(c.comment) for c in table.columns)
