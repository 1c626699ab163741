"""Date windows that end at the data's own latest date, so "the last 30 days" has rows
whenever the data ends (a generated DB ends today, a copied one years ago)."""

from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.fields import Facts, Field
from services.executor.llm.builtin.sql import ident, table_ref


def latest(f: Facts, dt: Field) -> str:
    base = f.scope.base
    alive = f" WHERE {cols.SOFT_DELETE} IS NULL" if cols.has_soft_delete(base.columns) else ""
    return f"(SELECT MAX({ident(dt.column.name)}) FROM {table_ref(base.name)}{alive})"


def since(f: Facts, dt: Field, days: int) -> str:
    return f"{dt.ref(f.scope)} > {latest(f, dt)} - INTERVAL '{days} days'"
