"""Join paths between tables: declared foreign keys (every column of a composite one),
business keys found by value overlap, else `<x>_id` naming matching a table."""

from dataclasses import dataclass

from services.executor.llm.base import ColumnDoc, TableDoc
from services.executor.llm.builtin.columns import primary_keys
from services.executor.llm.references import find_table


@dataclass(frozen=True)
class Link:
    """child.column references parent.key (a many-to-one join); `more`: the other column
    pairs of a composite key, joined too."""

    child: TableDoc
    column: str
    parent: TableDoc
    key: str
    more: tuple[tuple[str, str], ...] = ()
    business: bool = False  # matched by value, not declared

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return ((self.column, self.key), *self.more)


def _declared(tables: tuple[TableDoc, ...], child: TableDoc, column: ColumnDoc) -> Link | None:
    target = column.foreign_key or column.business_key
    if not target or "." not in target:
        return None
    table_name, key = target.rsplit(".", 1)
    parent = find_table(tables, table_name)
    if parent is None or key not in {c.name for c in parent.columns}:
        return None
    return Link(child, column.name, parent, key, business=column.foreign_key is None)


def _inferred(tables: tuple[TableDoc, ...], child: TableDoc, column: ColumnDoc) -> Link | None:
    """`service_area_id` -> the table named `service_area` or `*_service_area` whose single
    primary key has the same type: how these schemas join when constraints are missing."""
    if column.foreign_key or not column.name.endswith("_id") or column.name == "_id":
        return None
    stem = column.name.removesuffix("_id")
    for parent in tables:
        bare = parent.name.rsplit(".", 1)[-1]
        keys = primary_keys(parent.columns)
        if parent is child or not (bare == stem or bare.endswith("_" + stem)):
            continue
        if len(keys) == 1 and keys[0].type == column.type:
            return Link(child, column.name, parent, keys[0].name)
    return None


def _merged(links: list[Link]) -> list[Link]:
    """Declared links from one child to one parent on different parent columns are one
    composite key (orders(order_id, order_date)); on the same parent column they stay apart."""
    merged: list[Link] = []
    for link in links:
        same = next(
            (
                m
                for m in merged
                if not (m.business or link.business)
                and (m.child.name, m.parent.name) == (link.child.name, link.parent.name)
                and link.key not in {k for _, k in m.pairs}
            ),
            None,
        )
        if same is None:
            merged.append(link)
        else:
            index = merged.index(same)
            merged[index] = Link(
                same.child,
                same.column,
                same.parent,
                same.key,
                (*same.more, (link.column, link.key)),
            )
    return merged


def links_of(tables: tuple[TableDoc, ...]) -> list[Link]:
    """Every many-to-one link, in table then column order."""
    found: list[Link] = []
    for child in tables:
        declared = [d for c in child.columns if (d := _declared(tables, child, c))]
        inferred = [i for c in child.columns if (i := _inferred(tables, child, c))]
        found += _merged(declared) + inferred
    return found


def parents_of(links: list[Link], table: TableDoc) -> list[Link]:
    return [link for link in links if link.child.name == table.name]


def children_of(links: list[Link], table: TableDoc) -> list[Link]:
    return [link for link in links if link.parent.name == table.name]
