"""Join paths between tables: declared foreign keys, else `<x>_id` naming matching a table."""

from dataclasses import dataclass

from services.executor.llm.base import ColumnDoc, TableDoc
from services.executor.llm.builtin.columns import primary_keys
from services.executor.llm.references import find_table


@dataclass(frozen=True)
class Link:
    """child.column references parent.key (a many-to-one join)."""

    child: TableDoc
    column: str
    parent: TableDoc
    key: str


def _declared(tables: tuple[TableDoc, ...], child: TableDoc, column: ColumnDoc) -> Link | None:
    if not column.foreign_key or "." not in column.foreign_key:
        return None
    table_name, key = column.foreign_key.rsplit(".", 1)
    parent = find_table(tables, table_name)
    if parent is None or key not in {c.name for c in parent.columns}:
        return None
    return Link(child, column.name, parent, key)


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


def links_of(tables: tuple[TableDoc, ...]) -> list[Link]:
    """Every many-to-one link, in table then column order."""
    found: list[Link] = []
    for child in tables:
        for column in child.columns:
            link = _declared(tables, child, column) or _inferred(tables, child, column)
            if link:
                found.append(link)
    return found


def parents_of(links: list[Link], table: TableDoc) -> list[Link]:
    return [link for link in links if link.child.name == table.name]
