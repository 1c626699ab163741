"""What a pair template works with: a query scope and the labelled columns it may use."""

from dataclasses import dataclass

from services.executor.llm.base import ColumnDoc, TableDoc
from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.language import column_label, entity_text, table_label
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
        """How a question names it: a name column by its entity (公司, not 公司名称)."""
        text = column_label(self.column, self.zh)
        if self.zh and cols.is_label(self.column):
            return entity_text(text)
        return text

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


def _dimensions(table: TableDoc, zh: bool) -> list[Field]:
    """What a business user groups by: codes only when the table has no name column, and
    never bare numeric codes whose meaning the documents do not give."""
    named = cols.label_column(table.columns) is not None
    found = [
        c
        for c in cols.dimensions(table.columns)
        if not (named and cols.is_code(c)) and not cols.is_bare_code(c)
    ]
    return _fields(table, found, zh)


def facts_for(schema: Schema, scope: Scope) -> Facts:
    """Measures and dates of the base table; dimensions of the joined tables first (the
    last link's target leads: it is what a join theme is about), then the base's own."""
    zh, base = schema.zh, scope.base
    dims = [f for t in scope.tables[:0:-1] for f in _dimensions(t, zh)]
    dims += _dimensions(base, zh)
    return Facts(
        scope=scope,
        zh=zh,
        # A master table is asked about as its entity (路段, not 路段与路线关联).
        subject=table_label(base, schema.docs, zh) if schema.is_fact(base) else schema.entity(base),
        measures=tuple(_fields(base, cols.measures(base.columns), zh)),
        dims=tuple(dims),
        dates=tuple(_fields(base, cols.dates(base.columns), zh)),
    )
