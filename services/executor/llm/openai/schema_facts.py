"""What the prompts state besides the _detail.md texts: join paths (FKs, composite keys,
business keys found by value), enum values, and a compact DDL of given tables."""

from services.executor.llm.base import SchemaDocs, TableDoc
from services.executor.llm.builtin.links import Link, links_of
from services.executor.llm.builtin.sql import ident, table_ref


def _join(link: Link) -> str:
    on = " AND ".join(
        f"{link.child.name}.{ident(c)} = {link.parent.name}.{ident(k)}" for c, k in link.pairs
    )
    kind = "业务键（按取值匹配，无外键约束）" if link.business else "外键"
    return f"- {on}（{kind}）"


def join_paths(docs: SchemaDocs, tables: list[TableDoc] | None = None) -> list[str]:
    """Every link touching `tables` (all links when None)."""
    names = {t.name for t in tables} if tables is not None else None
    return [
        _join(link)
        for link in links_of(docs.tables)
        if names is None or link.child.name in names or link.parent.name in names
    ]


def enum_lines(tables: list[TableDoc]) -> list[str]:
    return [
        f"- {t.name}.{c.name}（{c.comment or c.name}）：{'、'.join(c.enum_values)}"
        for t in tables
        for c in t.columns
        if c.enum_values
    ]


def ddl(table: TableDoc) -> str:
    lines = [
        f"  {ident(c.name)} {c.type}{' NOT NULL' if c.not_null else ''}" for c in table.columns
    ]
    keys = [ident(c.name) for c in table.columns if c.primary_key]
    if keys:
        lines.append(f"  PRIMARY KEY ({', '.join(keys)})")
    return f"CREATE TABLE {table_ref(table.name)} (\n" + ",\n".join(lines) + "\n);"
