"""Merges the model's comments into a table's, by column name (never by position)."""

from services.executor.llm.base import ColumnComment, TableComments, TableDoc
from services.executor.llm.openai.parse import TableCommentsModel


def merge_comments(table: TableDoc, answer: TableCommentsModel) -> TableComments:
    """Known columns get the model's non-empty comment; the rest keep theirs."""
    given = {c.name: c.comment for c in answer.columns if c.comment}
    columns = tuple(ColumnComment(c.name, given.get(c.name, c.comment)) for c in table.columns)
    return TableComments(answer.table_comment or table.comment, columns)
