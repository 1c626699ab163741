"""Single-line PostgreSQL rendering: quoted identifiers, aliases, joins, soft-delete filters."""

import re
from dataclasses import dataclass, field

from services.executor.llm.base import TableDoc
from services.executor.llm.builtin.columns import SOFT_DELETE, has_soft_delete
from services.executor.llm.builtin.links import Link

_SIMPLE = re.compile(r"^[a-z_][a-z0-9_]*$")
_PLAIN_ALIAS = re.compile(r"^[A-Za-z_\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff]*$")
# Reserved words that would break an unquoted identifier (the common ones in schemas).
_RESERVED_WORDS = (
    "all and any array as asc both case cast check collate column constraint create current_date "
    "current_time current_timestamp current_user default desc distinct do else end except false "
    "fetch for foreign from grant group having in initially intersect into lateral leading limit "
    "localtime not null offset on only or order placing primary references returning select "
    "session_user some symmetric table then to trailing true union unique user using variadic "
    "when where window with"
)
RESERVED = frozenset(_RESERVED_WORDS.split())
ALIASES = "abcdefgh"


def ident(name: str) -> str:
    if _SIMPLE.match(name) and name not in RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def table_ref(name: str) -> str:
    return ".".join(ident(part) for part in name.split("."))


def label(text: str) -> str:
    """An output column alias: bare when it is only CJK/letters/digits/_, else double-quoted."""
    text = text.strip()
    plain = _PLAIN_ALIAS.match(text) and text.lower() not in RESERVED
    return text if plain else '"' + text.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Scope:
    """The FROM part of a query: a base table and the many-to-one links joined to it."""

    base: TableDoc
    joins: tuple[Link, ...] = field(default=())

    @property
    def tables(self) -> tuple[TableDoc, ...]:
        return (self.base, *(link.parent for link in self.joins))

    def alias(self, table: TableDoc) -> str | None:
        if not self.joins:
            return None
        return ALIASES[[t.name for t in self.tables].index(table.name)]

    def col(self, table: TableDoc, column: str) -> str:
        alias = self.alias(table)
        return f"{alias}.{ident(column)}" if alias else ident(column)

    def from_clause(self) -> str:
        parts = [self._named(self.base)]
        for link in self.joins:
            on = " AND ".join(
                f"{self.col(link.child, c)} = {self.col(link.parent, k)}" for c, k in link.pairs
            )
            parts.append(f"JOIN {self._named(link.parent)} ON {on}")
        return "FROM " + " ".join(parts)

    def alive(self) -> list[str]:
        """Soft-delete filters, one per table (each alias) that has delete_ts."""
        return [
            f"{self.col(t, SOFT_DELETE)} IS NULL" for t in self.tables if has_soft_delete(t.columns)
        ]

    def _named(self, table: TableDoc) -> str:
        alias = self.alias(table)
        return f"{table_ref(table.name)} {alias}" if alias else table_ref(table.name)


def select(
    scope: Scope,
    columns: list[str],
    *,
    where: tuple[str, ...] = (),
    group: tuple[str, ...] = (),
    order: str = "",
    limit: int = 0,
) -> str:
    conditions = [*where, *scope.alive()]
    parts = ["SELECT " + ", ".join(columns), scope.from_clause()]
    parts += ["WHERE " + " AND ".join(conditions)] if conditions else []
    parts += ["GROUP BY " + ", ".join(group)] if group else []
    parts += [f"ORDER BY {order}"] if order else []
    parts += [f"LIMIT {limit}"] if limit else []
    return " ".join(parts) + ";"
