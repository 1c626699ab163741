"""What a pair template works with: a query scope and the labelled columns it may use."""

from dataclasses import dataclass

from services.executor.llm.base import ColumnDoc, TableDoc
from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.language import column_label, table_label
from services.executor.llm.builtin.schema import Schema
from services.executor.llm.builtin.sql import Scope


@dataclass(frozen=True)
class Field:
    table: TableDoc
    column: ColumnDoc
    zh: bool

    def ref(self, scope: Scope) -> str:
        return scope.col(self.table, self.column.name)

    @property
    def text(self) -> str:
        """How a question names it."""
        return column_label(self.column, self.zh)

    @property
    def alias(self) -> str:
        """The base of its output alias: the Chinese label, or the column name itself."""
        return self.text if self.zh else self.column.name


@dataclass(frozen=True)
class Facts:
    scope: Scope
    zh: bool
    subject: str
    measures: tuple[Field, ...]
    dims: tuple[Field, ...]
    dates: tuple[Field, ...]

    @property
    def enums(self) -> tuple[Field, ...]:
        return tuple(f for f in self.dims if f.column.enum_values)


def _fields(table: TableDoc, found: list[ColumnDoc], zh: bool) -> list[Field]:
    return [Field(table, c, zh) for c in found]


def facts_for(schema: Schema, scope: Scope) -> Facts:
    """Measures and dates of the base table; dimensions of the joined tables first (the
    last link's target leads: it is what a join theme is about), then the base's own."""
    zh, base = schema.zh, scope.base
    dims = [f for t in scope.tables[:0:-1] for f in _fields(t, cols.dimensions(t.columns), zh)]
    dims += _fields(base, cols.dimensions(base.columns), zh)
    return Facts(
        scope=scope,
        zh=zh,
        subject=table_label(base, schema.docs, zh),
        measures=tuple(_fields(base, cols.measures(base.columns), zh)),
        dims=tuple(dims),
        dates=tuple(_fields(base, cols.dates(base.columns), zh)),
    )
