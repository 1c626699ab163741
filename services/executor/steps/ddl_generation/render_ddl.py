"""`<base>.ddl`: the reference layout, but executable (the comma comes before the comment)."""

import re

from services.executor.introspection import ColumnInfo, TableInfo
from services.executor.steps.ddl_generation.sqltext import (
    one_line,
    quote_ident,
    quote_table,
    render_default,
    render_type,
)

COMMENT_COLUMN = 30  # `--` starts here when the definition is shorter
_WORD_COUNT = re.compile(r"[（(]\d+字[）)]")


def short_name(comment: str) -> str:
    """The 中文名: the comment up to its first `，` (else `。`), without a `(NN字)` note."""
    text = _WORD_COUNT.sub("", one_line(comment))
    for stop in ("，", "。"):
        if stop in text:
            return text.split(stop, 1)[0]
    return text


def column_definition(column: ColumnInfo, reserved: frozenset[str] = frozenset()) -> str:
    parts = [quote_ident(column.name, reserved), render_type(column.type)]
    if column.not_null:
        parts.append("not null")
    if column.generated and column.default:
        parts.append(f"generated always as ({column.default}) stored")
    elif default := render_default(column.default):
        parts.append(f"default {default}")
    return " ".join(parts)


def column_comment(column: ColumnInfo) -> str:
    text = one_line(column.comment or column.name)
    if column.primary_key:
        text += "，主键"
    if column.foreign_key:
        text += "，外键"
    return text


def _header(table: TableInfo) -> list[str]:
    if not table.comment:
        return [f"-- 中文名: {table.name}"]
    return [f"-- 中文名: {short_name(table.comment)}", f"-- 描述: {one_line(table.comment)}"]


def _column_line(column: ColumnInfo, reserved: frozenset[str], *, last: bool) -> str:
    code = "  " + column_definition(column, reserved) + ("" if last else ",")
    return f"{code:<{COMMENT_COLUMN - 1}} -- {column_comment(column)}"


def render_ddl(table: TableInfo, reserved: frozenset[str] = frozenset()) -> str:
    """Lines joined by `\\n`, no trailing newline, as in the reference files."""
    lines = [*_header(table), f"create table {quote_table(table.schema, table.name, reserved)} ("]
    count = len(table.columns)
    for index, column in enumerate(table.columns, start=1):
        last = index == count and not table.primary_key
        lines.append(_column_line(column, reserved, last=last))
    if table.primary_key:
        keys = ", ".join(quote_ident(name, reserved) for name in table.primary_key)
        lines.append(f"  primary key ({keys})")
    lines.append(");")
    return "\n".join(lines)
