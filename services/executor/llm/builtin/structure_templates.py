"""Pair templates over master data and links: listings, children per parent, link counts."""

from dataclasses import dataclass

from services.executor.llm.base import QAPair, TableDoc
from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.fact_templates import make_pair, pick
from services.executor.llm.builtin.fields import Facts
from services.executor.llm.builtin.links import Link
from services.executor.llm.builtin.phrases import alias, question
from services.executor.llm.builtin.sql import Scope, ident, label, literal, select, table_ref


def enum_list(f: Facts, i: int) -> QAPair | None:
    e, name = pick(f.enums, i), next((d for d in f.dims if not d.column.enum_values), None)
    if not (e and name):
        return None
    value = e.column.enum_values[(i // len(f.enums)) % len(e.column.enum_values)]
    where = (f"{e.ref(f.scope)} = {literal(value)}",)
    items = [f"{name.ref(f.scope)} AS {label(name.alias)}"]
    sql = select(f.scope, items, where=where, order=name.ref(f.scope), limit=50)
    return make_pair("enum_list", f, sql, e=e.text, v=cols.meaning(e.column, value))


def labels(f: Facts, i: int) -> QAPair | None:
    d = f.dims[i] if i < len(f.dims) else None
    if not d or d.column.enum_values:
        return None
    items = [f"{x.ref(f.scope)} AS {label(x.alias)}" for x in dict.fromkeys([d, *f.dims[:3]])]
    sql = select(f.scope, items, order=d.ref(f.scope), limit=20)
    return make_pair("labels", f, sql, d=d.text)


@dataclass(frozen=True)
class Family:
    """Parent rows and the rows pointing at them: `link.child.column -> link.parent.key`."""

    link: Link
    zh: bool
    parent_text: str
    child_text: str

    def name_column(self) -> str | None:
        column = cols.label_column(self.link.parent.columns)
        return column.name if column else None

    def counts(self, child_ref: str, name_col: str) -> str:
        """Children per parent: a LEFT JOIN so parents with none still show (with 0)."""
        link, parent, child = self.link, self.link.parent, self.link.child
        on = [*_on(link), *_alive(child, "c")]
        count = label(alias("children", self.zh, self.child_text if self.zh else "child"))
        return (
            f"SELECT p.{ident(name_col)} AS {label(self.name_alias(name_col))}, "
            f"COUNT({child_ref}) AS {count} FROM {table_ref(parent.name)} p "
            f"LEFT JOIN {table_ref(child.name)} c ON {' AND '.join(on)}"
            f"{_where(_alive(parent, 'p'))} GROUP BY p.{ident(name_col)} ORDER BY {count} DESC;"
        )

    def orphans(self, name_col: str) -> str:
        link, parent, child = self.link, self.link.parent, self.link.child
        inner = [*_on(link), *_alive(child, "c")]
        exists = f"NOT EXISTS (SELECT 1 FROM {table_ref(child.name)} c WHERE {' AND '.join(inner)})"
        return (
            f"SELECT p.{ident(name_col)} AS {label(self.name_alias(name_col))} "
            f"FROM {table_ref(parent.name)} p{_where([*_alive(parent, 'p'), exists])};"
        )

    def name_alias(self, name_col: str) -> str:
        column = next(c for c in self.link.parent.columns if c.name == name_col)
        return column.comment if self.zh and column.comment else name_col


def _on(link: Link) -> list[str]:
    return [f"c.{ident(c)} = p.{ident(k)}" for c, k in link.pairs]


def _alive(table: TableDoc, alias_: str) -> list[str]:
    return [f"{alias_}.{cols.SOFT_DELETE} IS NULL"] if cols.has_soft_delete(table.columns) else []


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def _family_pair(key: str, family: Family, sql: str, **values: str) -> QAPair:
    texts = {"p": family.parent_text, "c": family.child_text}
    return QAPair(question(key, family.zh, **texts, **values), sql)


def child_count(family: Family, i: int) -> QAPair | None:
    name = family.name_column()
    if i or not name:
        return None
    return _family_pair(
        "child_count", family, family.counts(f"c.{ident(family.link.column)}", name)
    )


def childless(family: Family, i: int) -> QAPair | None:
    name = family.name_column()
    if i or not name:
        return None
    return _family_pair("childless", family, family.orphans(name))


def child_filter(family: Family, i: int) -> QAPair | None:
    """Children with one enum value, per parent (a plain many-to-one join from the child)."""
    name = family.name_column()
    enums = [
        c
        for c in family.link.child.columns
        if c.enum_values and cols.is_dimension(c) and not cols.is_bare_code(c)
    ]
    e = pick(enums, i)
    if not (name and e) or i >= 2 * len(enums):
        return None
    value = e.enum_values[(i // len(enums)) % len(e.enum_values)]
    scope = Scope(family.link.child, (family.link,))
    count = label(alias("count", family.zh))
    where = (f"{scope.col(family.link.child, e.name)} = {literal(value)}",)
    name_ref = scope.col(family.link.parent, name)
    items = [f"{name_ref} AS {label(family.name_alias(name))}", f"COUNT(*) AS {count}"]
    sql = select(scope, items, where=where, group=(name_ref,), order=f"{count} DESC")
    texts = {"e": e.comment if family.zh and e.comment else e.name, "v": cols.meaning(e, value)}
    return _family_pair("child_filter", family, sql, **texts)
