"""Missing comments from the configured LLM (openai provider only); never overrides the DB's."""

from dataclasses import replace

from services.executor.llm.base import LLM, ColumnDoc, SchemaDocs, TableComments, TableDoc
from services.executor.steps.ddl_generation.comments import has_comment, missing_comments
from services.executor.steps.ddl_generation.detail_format import render_md
from services.executor.steps.ddl_generation.sqltext import render_type
from services.executor.table_info import ColumnInfo, TableInfo


def _column_doc(column: ColumnInfo) -> ColumnDoc:
    return ColumnDoc(
        name=column.name,
        type=render_type(column.type),
        comment=column.comment or "",
        primary_key=column.primary_key,
        not_null=column.not_null,
        foreign_key=column.foreign_key.target if column.foreign_key else None,
        enum_values=column.enum_values,
        examples=column.examples,
    )


def table_doc(table: TableInfo) -> TableDoc:
    return TableDoc(
        name=table.display_name,
        comment=table.comment or "",
        columns=tuple(_column_doc(c) for c in table.columns),
        markdown=render_md(table),
    )


def apply_missing(table: TableInfo, answer: TableComments) -> TableInfo:
    """Only empty comments are taken from the answer: the database's own always win."""
    by_name = {c.name: c.comment for c in answer.columns if has_comment(c.comment)}
    columns = tuple(
        c if has_comment(c.comment) else replace(c, comment=by_name.get(c.name, c.comment))
        for c in table.columns
    )
    comment = table.comment
    if not has_comment(comment) and has_comment(answer.table_comment):
        comment = answer.table_comment
    return replace(table, comment=comment, columns=columns)


async def fill_from_llm(llm: LLM, docs: SchemaDocs, table: TableInfo) -> TableInfo:
    if not missing_comments(table):
        return table
    return apply_missing(table, await llm.comment_table(docs, table_doc(table)))
