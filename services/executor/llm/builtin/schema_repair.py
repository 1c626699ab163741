"""Repairs that need the schema and the syntax tree (sqlglot): a soft-delete filter on a
table without that column is dropped, a missing GROUP BY column added, an ambiguous column
qualified. Each returns None when it does not apply; the step re-validates what it returns."""

import re

import sqlglot
from sqlglot import exp

from services.executor.llm.base import RepairItem, SchemaDocs, TableDoc
from services.executor.llm.references import find_table

SOFT_DELETE_NAMES = frozenset({"delete_ts", "deleted_at", "delete_time", "is_deleted", "deleted"})
_UNKNOWN = re.compile(
    r'column (?:"?(?P<table>[^".\s]+)"?\.)?"?(?P<column>[^"\s]+)"? does not exist'
)
_NOT_GROUPED = re.compile(
    r'column "(?P<table>[^".]+)\.(?P<column>[^"]+)" must appear in the GROUP BY'
)
_NOT_GROUPED_BARE = re.compile(r'column "(?P<column>[^".]+)" must appear in the GROUP BY')
_AMBIGUOUS = re.compile(r'column reference "(?P<column>[^"]+)" is ambiguous')


def _parse(sql: str) -> exp.Expr | None:
    try:
        return sqlglot.parse_one(sql, read="postgres")
    except sqlglot.errors.ParseError:
        return None


def _render(tree: exp.Expr) -> str:
    return tree.sql(dialect="postgres") + ";"


def _simplified(node: exp.Expr) -> exp.Expr:
    """Folds the TRUE left by a dropped predicate: `a AND TRUE` -> a, `a OR TRUE` -> TRUE."""
    for part in list(node.walk(bfs=False))[::-1]:
        if isinstance(part, exp.Paren) and part.this == exp.true():
            part.replace(exp.true())
        elif isinstance(part, exp.And | exp.Or):
            sides = [part.this, part.expression]
            if exp.true() in sides:
                rest = [s for s in sides if s != exp.true()]
                part.replace(rest[0] if isinstance(part, exp.And) and rest else exp.true())
    return node


def drop_soft_delete(item: RepairItem) -> str | None:
    match = _UNKNOWN.search(item.error)
    tree = _parse(item.sql)
    if not (match and tree) or match["column"] not in SOFT_DELETE_NAMES:
        return None
    table, column = match["table"], match["column"]
    hits = [c for c in tree.find_all(exp.Column) if c.name == column and c.table == (table or "")]
    for hit in hits:
        predicate = hit.find_ancestor(exp.Is, exp.EQ, exp.NEQ)
        if predicate is not None:
            (predicate.parent if isinstance(predicate.parent, exp.Not) else predicate).replace(
                exp.true()
            )
    for clause in tree.find_all(exp.Where, exp.Join):
        _simplified(clause)
    for where in list(tree.find_all(exp.Where)):
        if where.this == exp.true():
            where.pop()
    return _render(tree) if hits else None


def add_group_by(item: RepairItem) -> str | None:
    match = _NOT_GROUPED.search(item.error) or _NOT_GROUPED_BARE.search(item.error)
    tree = _parse(item.sql)
    if not (match and isinstance(tree, exp.Select) and tree.args.get("group")):
        return None
    table = match.groupdict().get("table") or None
    # As the select list spells it (the server names the table even where the query does not).
    written = [c for c in tree.find_all(exp.Column) if c.name == match["column"]]
    column = written[0].copy() if written else exp.column(match["column"], table=table)
    return _render(tree.group_by(column))


def _aliases(tree: exp.Expr) -> list[tuple[str, str]]:
    """(alias or name, table name) of every table in FROM/JOIN order."""
    return [
        (t.alias_or_name, ".".join(p for p in (t.db, t.name) if p))
        for t in tree.find_all(exp.Table)
    ]


def _owner(docs: SchemaDocs, tree: exp.Expr, column: str) -> str | None:
    for alias, name in _aliases(tree):
        table: TableDoc | None = find_table(docs.tables, name)
        if table is not None and column in {c.name for c in table.columns}:
            return alias
    return None


def qualify_ambiguous(docs: SchemaDocs, item: RepairItem) -> str | None:
    match = _AMBIGUOUS.search(item.error)
    tree = _parse(item.sql)
    owner = match and tree and _owner(docs, tree, match["column"])
    if not (match and tree and owner):
        return None
    for column in tree.find_all(exp.Column):
        if column.name == match["column"] and not column.table:
            column.set("table", exp.to_identifier(owner))
    return _render(tree)


def schema_repair(docs: SchemaDocs, item: RepairItem) -> str | None:
    return drop_soft_delete(item) or add_group_by(item) or qualify_ambiguous(docs, item)
