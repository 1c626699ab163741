"""Analyst questions over a (joined) fact scope: windows ending at the data's own latest date,
shares and ratios with float division, HAVING against the average, CASE splits, growth."""

from services.executor.llm.base import QAPair
from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.fact_templates import dim_item, make_pair, pick, total_item
from services.executor.llm.builtin.fields import Facts, Field
from services.executor.llm.builtin.phrases import alias
from services.executor.llm.builtin.sql import ident, label, literal, select, table_ref
from services.executor.llm.builtin.windows import latest, since

WINDOWS = (30, 7, 90)
TOP = 5


def _window(f: Facts, i: int) -> tuple[Field, int] | None:
    dt = pick(f.dates, 0)
    return (dt, WINDOWS[i % len(WINDOWS)]) if dt else None


def _percent(numerator: str, denominator: str) -> str:
    # ::numeric: ROUND(x, 2) does not exist for real/double measures.
    return f"ROUND((({numerator}) * 100.0 / NULLIF({denominator}, 0))::numeric, 2)"


def _ranked(f: Facts, d: Field, item: str, name: str, where: tuple[str, ...]) -> str:
    limit = 0 if d.column.enum_values else TOP
    group = (d.ref(f.scope),)
    return select(f.scope, [dim_item(f, d), item], where=where, group=group,
                  order=f"{name} DESC", limit=limit)  # fmt: skip


def rank_window(f: Facts, i: int) -> QAPair | None:
    m, d, w = pick(f.measures, i), pick(f.dims, i), _window(f, i)
    if not (m and d and w):
        return None
    item, name = total_item(f, m)
    sql = _ranked(f, d, item, name, (since(f, *w),))
    key = "w_total_enum" if d.column.enum_values else "w_rank"
    return make_pair(key, f, sql, m=m.text, d=d.text, n=str(w[1]), k=str(TOP))


def share_window(f: Facts, i: int) -> QAPair | None:
    m, d, w = pick(f.measures, i + 1), pick(f.dims, i + 1), _window(f, i + 1)
    if not (m and d and w):
        return None
    item, name = total_item(f, m)
    ratio = _percent(f"SUM({m.ref(f.scope)})", f"SUM(SUM({m.ref(f.scope)})) OVER ()")
    items = [dim_item(f, d), item, f"{ratio} AS {label(alias('share', f.zh))}"]
    group = (d.ref(f.scope),)
    sql = select(f.scope, items, where=(since(f, *w),), group=group, order=f"{name} DESC")
    return make_pair("w_share", f, sql, m=m.text, d=d.text, n=str(w[1]))


def _parts(f: Facts) -> list[tuple[Field, Field]]:
    """(part, total) measure pairs of one kind: wx of pay_sum, wx_order of order_sum."""
    totals = [m for m in f.measures if cols.is_total(m.column)]
    parts = [m for m in f.measures if not cols.is_total(m.column)]
    return [(p, t) for t in totals for p in parts if p.column.type == t.column.type]


def part_share(f: Facts, i: int) -> QAPair | None:
    pair, d, w = pick(_parts(f), i), pick(f.dims, i // 3), _window(f, i)
    if not (pair and d and w):
        return None
    part, total = pair
    ratio = _percent(f"SUM({part.ref(f.scope)})", f"SUM({total.ref(f.scope)})")
    name = label(alias("share", f.zh))
    sql = _ranked(f, d, f"{ratio} AS {name}", name, (since(f, *w),))
    return make_pair("part_share", f, sql, p=part.text, m=total.text, d=d.text, n=str(w[1]))


def unit_value(f: Facts, i: int) -> QAPair | None:
    amounts = [m for m in f.measures if cols.is_amount(m.column)]
    counts = [m for m in f.measures if not cols.is_amount(m.column)]
    a, c, d, w = pick(amounts, i), pick(counts, i), pick(f.dims, i + 2), _window(f, i + 2)
    if not (a and c and d and w):
        return None
    value = f"ROUND(SUM({a.ref(f.scope)})::numeric / NULLIF(SUM({c.ref(f.scope)}), 0), 2)"
    name = label(alias("unit", f.zh, a.alias))
    sql = _ranked(f, d, f"{value} AS {name}", name, (since(f, *w),))
    return make_pair("unit_value", f, sql, a=a.text, c=c.text, d=d.text, n=str(w[1]))


def daily_avg(f: Facts, i: int) -> QAPair | None:
    m, d, w = pick(f.measures, i + 2), pick(f.dims, i + 3), _window(f, i + 1)
    if not (m and d and w):
        return None
    dt = w[0].ref(f.scope)
    value = f"ROUND(SUM({m.ref(f.scope)})::numeric / NULLIF(COUNT(DISTINCT {dt}), 0), 2)"
    name = label(alias("daily", f.zh, m.alias))
    sql = _ranked(f, d, f"{value} AS {name}", name, (since(f, *w),))
    return make_pair("daily_avg", f, sql, m=m.text, d=d.text, n=str(w[1]))


def above_average(f: Facts, i: int) -> QAPair | None:
    m, d = pick(f.measures, i + 1), pick(f.dims, i + 2)
    if not (m and d):
        return None
    base, ref = f.scope.base, ident(m.column.name)
    alive = f" WHERE {cols.SOFT_DELETE} IS NULL" if cols.has_soft_delete(base.columns) else ""
    overall = f"(SELECT AVG({ref}) FROM {table_ref(base.name)}{alive})"
    item, name = f"ROUND(AVG({m.ref(f.scope)})::numeric, 2)", label(alias("avg", f.zh, m.alias))
    sql = select(f.scope, [dim_item(f, d), f"{item} AS {name}"], group=(d.ref(f.scope),),
                 order=f"{name} DESC")  # fmt: skip
    sql = sql.replace(" ORDER BY", f" HAVING AVG({m.ref(f.scope)}) > {overall} ORDER BY", 1)
    return make_pair("above_avg", f, sql, m=m.text, d=d.text)


def _splits(f: Facts, e: Field, d: Field) -> bool:
    """A category varies within each group: it is the fact's own, or the group is further up
    the join path (area type within a company, not within each area: that is 0 or 100 %)."""
    names = [t.name for t in f.scope.tables]
    return e.table.name == names[0] or names.index(d.table.name) > names.index(e.table.name)


def value_share(f: Facts, i: int) -> QAPair | None:
    enums = list(f.enums)
    e, m = pick(enums, i), pick(f.measures, i)
    d = pick([x for x in f.dims if e and x not in enums and _splits(f, e, x)], i)
    if not (e and m and d):
        return None
    v = e.column.enum_values[(i // len(enums)) % len(e.column.enum_values)]
    ref = m.ref(f.scope)
    ratio = _percent(f"SUM(CASE WHEN {e.ref(f.scope)} = {literal(v)} THEN {ref} ELSE 0 END)",
                     f"SUM({ref})")  # fmt: skip
    name = label(alias("share", f.zh))
    sql = _ranked(f, d, f"{ratio} AS {name}", name, ())
    v_text = cols.meaning(e.column, v)
    return make_pair("value_share", f, sql, e=e.text, v=v_text, m=m.text, d=d.text)


def weekday_split(f: Facts, i: int) -> QAPair | None:
    m, w = pick(f.measures, i), _window(f, 2)
    if not (m and w):
        return None
    dt = w[0].ref(f.scope)
    kind = label(alias("day_kind", f.zh))
    words = ("周末", "工作日") if f.zh else ("weekend", "weekday")
    weekend = f"EXTRACT(ISODOW FROM {dt}) IN (6, 7)"
    case = f"CASE WHEN {weekend} THEN {literal(words[0])} ELSE {literal(words[1])} END"
    value = f"ROUND(SUM({m.ref(f.scope)})::numeric / NULLIF(COUNT(DISTINCT {dt}), 0), 2)"
    items = [f"{case} AS {kind}", f"{value} AS {label(alias('daily', f.zh, m.alias))}"]
    sql = select(f.scope, items, where=(since(f, *w),), group=(case,), order=kind)
    return make_pair("weekday", f, sql, m=m.text, n=str(w[1]))


def growth(f: Facts, i: int) -> QAPair | None:
    m, d, dt = pick(f.measures, i), pick(f.dims, i + 1), pick(f.dates, 0)
    if not (m and d and dt):
        return None
    last, ref = latest(f, dt), m.ref(f.scope)
    recent = f"SUM(CASE WHEN {dt.ref(f.scope)} > {last} - INTERVAL '7 days' THEN {ref} ELSE 0 END)"
    before = f"SUM(CASE WHEN {dt.ref(f.scope)} <= {last} - INTERVAL '7 days' THEN {ref} ELSE 0 END)"
    names = [label(alias(k, f.zh)) for k in ("recent7", "prior7", "growth")]
    items = [dim_item(f, d), f"{recent} AS {names[0]}", f"{before} AS {names[1]}"]
    items.append(f"{_percent(f'{recent} - {before}', before)} AS {names[2]}")
    sql = _ranked(f, d, ", ".join(items[1:]), names[2], (since(f, dt, 14),))
    return make_pair("growth", f, sql, m=m.text, d=d.text)


def latest_day(f: Facts, i: int) -> QAPair | None:
    m, d, dt = pick(f.measures, i + 1), pick(f.dims, i), pick(f.dates, 0)
    if not (m and d and dt):
        return None
    item, name = total_item(f, m)
    sql = _ranked(f, d, item, name, (f"{dt.ref(f.scope)} = {latest(f, dt)}",))
    return make_pair("latest_day", f, sql, m=m.text, d=d.text)


ANALYST = (rank_window, part_share, growth, share_window, above_average, unit_value,
           value_share, daily_avg, weekday_split, latest_day)  # fmt: skip
