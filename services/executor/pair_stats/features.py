"""What one SQL statement does, read from its syntax tree (sqlglot, PostgreSQL dialect)."""

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

_DATE_NODES: tuple[type[exp.Expr], ...] = (
    *(exp.TimestampTrunc, exp.DateTrunc, exp.Extract, exp.CurrentDate, exp.Interval),
    *(exp.CurrentTimestamp, exp.TimeToStr, exp.DateAdd, exp.DateSub),
)
_DATE_LITERAL = re.compile(r"^\d{4}-\d{2}(-\d{2})?")
_DATE_NAME = re.compile(r"(date|_dt$|_day$|_ts$|_at$|time)", re.I)
_FLOAT_TYPES = frozenset({"DECIMAL", "DOUBLE", "FLOAT", "REAL", "NUMERIC", "BIGDECIMAL"})
_ID_NAME = re.compile(r"(^id$|_id$)", re.I)


@dataclass(frozen=True)
class Features:
    parsed: bool
    tables: int = 0
    join: bool = False
    three_tables: bool = False
    left_join: bool = False
    business_key_join: bool = False
    date: bool = False
    group_by: bool = False
    having: bool = False
    case: bool = False
    window: bool = False
    subquery: bool = False
    ratio: bool = False
    float_ratio: bool = False
    bare_count: bool = False


def _tables(tree: exp.Expr) -> set[str]:
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    names = {".".join(p for p in (t.db, t.name) if p) for t in tree.find_all(exp.Table)}
    return names - ctes


def _is_float(node: exp.Expr) -> bool:
    for part in node.walk():
        if isinstance(part, exp.Cast) and part.to.this.name in _FLOAT_TYPES:
            return True
        if isinstance(part, exp.Literal) and part.is_number and "." in part.this:
            return True
    return False


def _float_division(div: exp.Div) -> bool:
    return _is_float(div.this) or _is_float(div.expression) or _is_float(div.parent or div)


def _business_key(join: exp.Join) -> bool:
    """An equality of two columns in ON, neither an `id`/`<x>_id` surrogate key."""
    on = join.args.get("on")
    for eq in on.find_all(exp.EQ) if on else ():
        left, right = eq.this, eq.expression
        columns = isinstance(left, exp.Column) and isinstance(right, exp.Column)
        if columns and not (_ID_NAME.search(left.name) or _ID_NAME.search(right.name)):
            return True
    return False


def _has_date(tree: exp.Expr) -> bool:
    if any(tree.find_all(*_DATE_NODES)):
        return True
    literals = (lit for lit in tree.find_all(exp.Literal) if lit.is_string)
    if any(_DATE_LITERAL.match(lit.this) for lit in literals):
        return True
    compared = (
        c
        for node in tree.find_all(exp.GT, exp.GTE, exp.LT, exp.LTE, exp.EQ, exp.Between)
        for c in node.find_all(exp.Column)
    )
    grouped = (c for g in tree.find_all(exp.Group) for c in g.find_all(exp.Column))
    return any(_DATE_NAME.search(c.name) for c in (*compared, *grouped))


def _bare_count(tree: exp.Expr, tables: set[str]) -> bool:
    """SELECT COUNT(..) FROM one table, no grouping, filtered at most by IS NULL tests."""
    if not isinstance(tree, exp.Select) or len(tables) != 1 or tree.args.get("group"):
        return False
    if not all(isinstance(e.unalias(), exp.Count) for e in tree.expressions):
        return False
    where = tree.args.get("where")
    conditions = (
        list(where.this.flatten())
        if where and isinstance(where.this, exp.And)
        else ([where.this] if where else [])
    )
    return all(isinstance(c, exp.Is) for c in conditions)


def features(sql: str) -> Features:
    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except sqlglot.errors.ParseError:
        return Features(parsed=False)
    tables, joins = _tables(tree), list(tree.find_all(exp.Join))
    divisions = list(tree.find_all(exp.Div))
    return Features(
        parsed=True,
        tables=len(tables),
        join=bool(joins),
        three_tables=len(tables) >= 3,
        left_join=any(j.side == "LEFT" for j in joins),
        business_key_join=any(_business_key(j) for j in joins),
        date=_has_date(tree),
        group_by=tree.find(exp.Group) is not None,
        having=tree.find(exp.Having) is not None,
        case=tree.find(exp.Case) is not None,
        window=tree.find(exp.Window) is not None,
        subquery=tree.find(exp.Subquery) is not None,
        ratio=bool(divisions),
        float_ratio=any(_float_division(d) for d in divisions),
        bare_count=_bare_count(tree, tables),
    )
