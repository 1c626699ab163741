"""Pair templates over dates and plain counts: monthly/weekly/daily trends, recent totals."""

from services.executor.llm.base import QAPair
from services.executor.llm.builtin.fact_templates import dim_item, make_pair, pick, total_item
from services.executor.llm.builtin.fields import Facts, Field
from services.executor.llm.builtin.phrases import alias
from services.executor.llm.builtin.sql import label, select
from services.executor.llm.builtin.windows import since


def _bucket(f: Facts, unit: str, dt: Field) -> tuple[str, str, str]:
    """(expression, select item, alias) of a date truncated to `unit`."""
    expr = f"DATE_TRUNC('{unit}', {dt.ref(f.scope)})"
    name = label(alias(unit, f.zh))
    return expr, f"{expr} AS {name}", name


def monthly(f: Facts, i: int) -> QAPair | None:
    m, dt = pick(f.measures, i), pick(f.dates, i)
    if not (m and dt):
        return None
    expr, item, name = _bucket(f, "month", dt)
    sql = select(f.scope, [item, total_item(f, m)[0]], group=(expr,), order=name)
    return make_pair("monthly", f, sql, m=m.text)


def weekly(f: Facts, i: int) -> QAPair | None:
    m, dt = pick(f.measures, i + 1), pick(f.dates, i)
    if not (m and dt):
        return None
    expr, item, name = _bucket(f, "week", dt)
    where = (since(f, dt, 90),)
    sql = select(f.scope, [item, total_item(f, m)[0]], where=where, group=(expr,), order=name)
    return make_pair("weekly", f, sql, m=m.text)


def daily(f: Facts, i: int) -> QAPair | None:
    m, dt = pick(f.measures, i + 2), pick(f.dates, i)
    if not (m and dt):
        return None
    ref, name = dt.ref(f.scope), label(dt.alias)
    where = (since(f, dt, 30),)
    sql = select(f.scope, [f"{ref} AS {name}", total_item(f, m)[0]], where=where, group=(ref,))
    return make_pair("daily", f, sql[:-1] + f" ORDER BY {name};", m=m.text)


def recent(f: Facts, i: int) -> QAPair | None:
    m, dt = pick(f.measures, i + 3), pick(f.dates, 0)
    if not (m and dt) or i >= len(f.measures):
        return None
    where = (since(f, dt, 7),)
    return make_pair("recent", f, select(f.scope, [total_item(f, m)[0]], where=where), m=m.text)


def month_dim(f: Facts, i: int) -> QAPair | None:
    m, d, dt = pick(f.measures, i), pick(f.dims, i + 1), pick(f.dates, 0)
    if not (m and d and dt):
        return None
    expr, item, name = _bucket(f, "month", dt)
    group = (expr, d.ref(f.scope))
    sql = select(f.scope, [item, dim_item(f, d), total_item(f, m)[0]], group=group, order=name)
    return make_pair("month_dim", f, sql, m=m.text, d=d.text)
