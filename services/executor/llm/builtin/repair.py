"""Conservative SQL repairs: a near-miss column or table name, wrong case, a missing `;`."""

import re

from services.executor.llm.base import RepairItem, SchemaDocs
from services.executor.llm.builtin.schema_repair import schema_repair
from services.executor.llm.builtin.sql import ident
from services.executor.llm.references import referenced_tables

_UNKNOWN_COLUMN = re.compile(r'column (?:"?\w+"?\.)?"?([^"\s]+)"? does not exist')
_UNKNOWN_RELATION = re.compile(r'relation "?([^"\s]+)"? does not exist')
_LITERAL = re.compile(r"('(?:[^']|'')*')")
MAX_DISTANCE = 2


def distance(a: str, b: str) -> int:
    """Levenshtein distance (names are short: the quadratic table is fine)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def closest(wrong: str, names: list[str]) -> str | None:
    """The single real name within a small edit distance (case-insensitive), else None."""
    scored = sorted((distance(wrong.lower(), n.lower()), n) for n in set(names))
    best = [n for d, n in scored if d == scored[0][0]] if scored else []
    limit = min(MAX_DISTANCE, max(len(wrong) // 3, 1))
    if len(best) != 1 or scored[0][0] > limit or best[0] == wrong:
        return None
    return best[0]


def replace_identifier(sql: str, wrong: str, right: str) -> str:
    """Replaces the identifier outside string literals, quoted or bare, whole words only."""
    pattern = re.compile(rf'(?<![\w"])"?{re.escape(wrong)}"?(?![\w"])')
    parts = _LITERAL.split(sql)
    return "".join(p if i % 2 else pattern.sub(ident(right), p) for i, p in enumerate(parts))


def _fix_column(docs: SchemaDocs, item: RepairItem) -> str | None:
    match = _UNKNOWN_COLUMN.search(item.error)
    tables = referenced_tables(docs, item.sql) or list(docs.tables)
    right = match and closest(match.group(1), [c.name for t in tables for c in t.columns])
    return replace_identifier(item.sql, match.group(1), right) if match and right else None


def _fix_relation(docs: SchemaDocs, item: RepairItem) -> str | None:
    match = _UNKNOWN_RELATION.search(item.error)
    right = match and closest(match.group(1), [t.name for t in docs.tables])
    return replace_identifier(item.sql, match.group(1), right) if match and right else None


def _terminated(sql: str) -> str:
    return sql.rstrip().rstrip(";").rstrip() + ";"


def repair_one(docs: SchemaDocs, item: RepairItem) -> str | None:
    fixed = schema_repair(docs, item) or _fix_column(docs, item) or _fix_relation(docs, item)
    if fixed is not None and fixed != item.sql:
        return _terminated(fixed)
    sql = item.sql.strip()
    return _terminated(sql) if sql and not sql.endswith(";") else None


def repair_sql(docs: SchemaDocs, items: list[RepairItem]) -> list[str | None]:
    return [repair_one(docs, item) for item in items]
