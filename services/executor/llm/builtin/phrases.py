"""Question and alias wording of the pair templates, Chinese and English."""

QUESTIONS: dict[str, tuple[str, str]] = {
    "monthly": ("按月统计的{m}合计变化趋势如何？", "What is the monthly trend of total {m}?"),
    "weekly": (
        "最近90天每周的{m}合计是多少？",
        "What is the weekly total {m} over the last 90 days?",
    ),
    "daily": (
        "最近30天每天的{m}合计是多少？",
        "What is the daily total {m} over the last 30 days?",
    ),
    "recent": ("最近7天的{m}合计是多少？", "What is the total {m} over the last 7 days?"),
    "top_dim": ("{m}合计排名前10的{d}有哪些？", "Which 10 {d} have the highest total {m}?"),
    "top_recent": (
        "最近30天{m}合计最高的5个{d}是哪些？",
        "Which 5 {d} had the highest total {m} in the last 30 days?",
    ),
    "low_avg": ("平均{m}最低的5个{d}是哪些？", "Which 5 {d} have the lowest average {m}?"),
    "top_rows": ("{m}最高的10条记录对应哪些{d}和{dt}？", "Which 10 records have the highest {m}?"),
    "share": ("按{e}统计的{m}合计及占比是多少？", "What are total {m} and its share by {e}?"),
    "enum_filter": ("{e}为“{v}”的{m}合计是多少？", "What is the total {m} where {e} is '{v}'?"),
    "stats": (
        "{m}的最大值、最小值和平均值分别是多少？",
        "What are the maximum, minimum and average {m}?",
    ),
    "totals": (
        "最近30天{ms}的合计分别是多少？",
        "What are the totals of {ms} in the last 30 days?",
    ),
    "avg_dim": ("各{d}的平均{m}是多少？", "What is the average {m} per {d}?"),
    "month_dim": ("各{d}每月的{m}合计是多少？", "What is the monthly total {m} per {d}?"),
    "enum_list": ("{e}为“{v}”的{t}有哪些？", "Which {t} have {e} '{v}'?"),
    "labels": ("按{d}排序列出前20个{t}。", "List the first 20 {t} ordered by {d}."),
    "child_count": ("每个{p}下有多少个{c}？", "How many {c} does each {p} have?"),
    "childless": ("哪些{p}下没有任何{c}？", "Which {p} have no {c}?"),
    "child_filter": (
        "{e}为“{v}”的{c}在各{p}中分别有多少个？",
        "How many {c} with {e} '{v}' does each {p} have?",
    ),
    "w_rank": (
        "最近{n}天{m}合计最高的{k}个{d}是哪些？",
        "Which {k} {d} had the highest total {m} in the last {n} days of data?",
    ),
    "w_total_enum": (
        "最近{n}天各{d}的{m}合计分别是多少？",
        "What is the total {m} per {d} in the last {n} days of data?",
    ),
    "w_share": (
        "最近{n}天各{d}的{m}合计及其占比是多少？",
        "What are the total {m} and its share per {d} in the last {n} days of data?",
    ),
    "part_share": (
        "最近{n}天各{d}的{p}占{m}的比例是多少？",
        "What share of {m} is {p} per {d} in the last {n} days of data?",
    ),
    "unit_value": (
        "最近{n}天各{d}的{a}与{c}之比（单均值）是多少？",
        "What is {a} per {c} for each {d} in the last {n} days of data?",
    ),
    "daily_avg": (
        "最近{n}天各{d}的日均{m}是多少？",
        "What is the average daily {m} per {d} in the last {n} days of data?",
    ),
    "above_avg": (
        "平均{m}高于整体平均水平的{d}有哪些？",
        "Which {d} have an average {m} above the overall average?",
    ),
    "value_share": (
        "各{d}中{e}为“{v}”的{m}占比是多少？",
        "What share of {m} comes from {e} '{v}' for each {d}?",
    ),
    "weekday": (
        "最近{n}天工作日与周末的日均{m}分别是多少？",
        "What is the average daily {m} on weekdays vs weekends in the last {n} days of data?",
    ),
    "growth": (
        "各{d}最近7天的{m}合计比前7天增长了多少？",
        "How much did total {m} grow per {d} in the last 7 days vs the 7 days before?",
    ),
    "latest_day": (
        "数据最新一天各{d}的{m}合计是多少？",
        "What is the total {m} per {d} on the latest day of data?",
    ),
}

ALIASES: dict[str, tuple[str, str]] = {
    "total": ("{}合计", "total_{}"),
    "avg": ("平均{}", "avg_{}"),
    "max": ("最大{}", "max_{}"),
    "min": ("最小{}", "min_{}"),
    "count": ("记录数", "record_count"),
    "share": ("占比百分比", "share_percent"),
    "month": ("月份", "month"),
    "week": ("周", "week"),
    "children": ("{}数量", "{}_count"),
    "unit": ("单位{}", "{}_per_unit"),
    "daily": ("日均{}", "daily_avg_{}"),
    "day_kind": ("日期类型", "day_kind"),
    "recent7": ("最近7天合计", "last_7_days"),
    "prior7": ("前7天合计", "prior_7_days"),
    "growth": ("增长率百分比", "growth_percent"),
}


def question(key: str, zh: bool, **values: str) -> str:
    return QUESTIONS[key][0 if zh else 1].format(**values)


def alias(key: str, zh: bool, base: str = "") -> str:
    return ALIASES[key][0 if zh else 1].format(base)
