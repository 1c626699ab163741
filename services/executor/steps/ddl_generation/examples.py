"""Example values for the documents: the first distinct non-blank values of the sample."""

from dataclasses import replace
from typing import Any

from services.executor.steps.ddl_generation.literals import as_text
from services.executor.table_info import ColumnInfo, TableInfo

EXAMPLE_VALUES = 3


def sample_examples(column: ColumnInfo, samples: tuple[dict[str, Any], ...]) -> tuple[str, ...]:
    """The first distinct non-blank values of the sample, in sample order."""
    found: list[str] = []
    for row in samples:
        value = row.get(column.name)
        text = as_text(value, column.type_name) if value is not None else ""
        if text and text not in found:
            found.append(text)
        if len(found) == EXAMPLE_VALUES:
            break
    return tuple(found)


def with_examples(table: TableInfo) -> TableInfo:
    columns = [replace(c, examples=sample_examples(c, table.samples)) for c in table.columns]
    return replace(table, columns=tuple(columns))
