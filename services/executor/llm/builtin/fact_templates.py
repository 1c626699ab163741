"""Pair templates over measures: totals, averages, trends by date, rankings, enum filters."""

from collections.abc import Callable, Sequence
from typing import TypeVar

from services.executor.llm.base import QAPair
from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.fields import Facts, Field
from services.executor.llm.builtin.phrases import alias, question
from services.executor.llm.builtin.sql import label, literal, select
from services.executor.llm.builtin.windows import since

T = TypeVar("T")
Template = Callable[[Facts, int], QAPair | None]


def pick(items: Sequence[T], i: int) -> T | None:
    return items[i % len(items)] if items else None


def make_pair(key: str, f: Facts, sql: str, **values: str) -> QAPair:
    return QAPair(question(key, f.zh, t=f.subject, **values), sql)


def dim_item(f: Facts, d: Field) -> str:
    return f"{d.ref(f.scope)} AS {label(d.alias)}"


def total_item(f: Facts, m: Field) -> tuple[str, str]:
    """(select item, alias) of SUM(m)."""
    name = label(alias("total", f.zh, m.alias))
    return f"SUM({m.ref(f.scope)}) AS {name}", name


def avg_item(f: Facts, m: Field) -> tuple[str, str]:
    # ::numeric so ROUND(x, 2) exists for real/double columns too.
    name = label(alias("avg", f.zh, m.alias))
    return f"ROUND(AVG({m.ref(f.scope)})::numeric, 2) AS {name}", name


def rankable(d: Field, limit: int) -> bool:
    """A top-N of a category with N values or fewer is no ranking (lowest 5 of 4 car types)."""
    return not d.column.enum_values or len(d.column.enum_values) > limit


def top_dim(f: Facts, i: int) -> QAPair | None:
    m, d = pick(f.measures, i), pick(f.dims, i)
    if not (m and d and rankable(d, 10)):
        return None
    item, name = total_item(f, m)
    sql = select(
        f.scope, [dim_item(f, d), item], group=(d.ref(f.scope),), order=f"{name} DESC", limit=10
    )
    return make_pair("top_dim", f, sql, m=m.text, d=d.text)


def top_recent(f: Facts, i: int) -> QAPair | None:
    m, d, dt = pick(f.measures, i + 1), pick(f.dims, i), pick(f.dates, 0)
    if not (m and d and dt and rankable(d, 5)):
        return None
    item, name = total_item(f, m)
    where = (since(f, dt, 30),)
    sql = select(
        f.scope,
        [dim_item(f, d), item],
        where=where,
        group=(d.ref(f.scope),),
        order=f"{name} DESC",
        limit=5,
    )
    return make_pair("top_recent", f, sql, m=m.text, d=d.text)


def low_avg(f: Facts, i: int) -> QAPair | None:
    m, d = pick(f.measures, i + 2), pick(f.dims, i + 1)
    if not (m and d and rankable(d, 5)):
        return None
    item, name = avg_item(f, m)
    sql = select(f.scope, [dim_item(f, d), item], group=(d.ref(f.scope),), order=name, limit=5)
    return make_pair("low_avg", f, sql, m=m.text, d=d.text)


def avg_dim(f: Facts, i: int) -> QAPair | None:
    m, d = pick(f.measures, i + 1), pick(f.dims, i + 2)
    if not (m and d):
        return None
    item, name = avg_item(f, m)
    sql = select(f.scope, [dim_item(f, d), item], group=(d.ref(f.scope),), order=f"{name} DESC")
    return make_pair("avg_dim", f, sql, m=m.text, d=d.text)


def top_rows(f: Facts, i: int) -> QAPair | None:
    m, d, dt = pick(f.measures, i), pick(f.dims, i), pick(f.dates, 0)
    if not (m and d and dt) or i >= len(f.measures):
        return None
    items = [dim_item(f, d), f"{dt.ref(f.scope)} AS {label(dt.alias)}"]
    items.append(f"{m.ref(f.scope)} AS {label(m.alias)}")
    sql = select(f.scope, items, order=f"{m.ref(f.scope)} DESC NULLS LAST", limit=10)
    return make_pair("top_rows", f, sql, m=m.text, d=d.text, dt=dt.text)


def stats(f: Facts, i: int) -> QAPair | None:
    m = pick(f.measures, i)
    if not m or i >= len(f.measures):
        return None
    ref = m.ref(f.scope)
    items = [f"MAX({ref}) AS {label(alias('max', f.zh, m.alias))}"]
    items += [f"MIN({ref}) AS {label(alias('min', f.zh, m.alias))}", avg_item(f, m)[0]]
    return make_pair("stats", f, select(f.scope, items), m=m.text)


def totals(f: Facts, i: int) -> QAPair | None:
    chosen = f.measures[i * 3 : i * 3 + 3]
    dt = pick(f.dates, 0)
    if len(chosen) < 2 or not dt:
        return None
    where = (since(f, dt, 30),)
    sql = select(f.scope, [total_item(f, m)[0] for m in chosen], where=where)
    return make_pair("totals", f, sql, ms="、".join(m.text for m in chosen))


def enum_filter(f: Facts, i: int) -> QAPair | None:
    e, m = pick(f.enums, i), pick(f.measures, i)
    if not (e and m):
        return None
    value = e.column.enum_values[(i // len(f.enums)) % len(e.column.enum_values)]
    where = (f"{e.ref(f.scope)} = {literal(value)}",)
    sql = select(f.scope, [total_item(f, m)[0]], where=where)
    v = cols.meaning(e.column, value)
    return make_pair("enum_filter", f, sql, e=e.text, v=v, m=m.text)


def share(f: Facts, i: int) -> QAPair | None:
    e, m = pick(f.enums, i), pick(f.measures, i)
    if not (e and m):
        return None
    item, name = total_item(f, m)
    ref = m.ref(f.scope)
    ratio = f"ROUND((SUM({ref}) * 100.0 / NULLIF(SUM(SUM({ref})) OVER (), 0))::numeric, 2)"
    items = [dim_item(f, e), item, f"{ratio} AS {label(alias('share', f.zh))}"]
    sql = select(f.scope, items, group=(e.ref(f.scope),), order=f"{name} DESC")
    return make_pair("share", f, sql, e=e.text, m=m.text)
