"""Question/SQL pairs for one theme: templates over the theme's real tables, round-robin.

Themes never repeat each other: see allocation."""

from collections.abc import Callable
from functools import partial

from services.executor.llm.base import QAPair, TableDoc, Theme
from services.executor.llm.builtin import analyst_templates as at
from services.executor.llm.builtin import fact_templates as ft
from services.executor.llm.builtin import structure_templates as st
from services.executor.llm.builtin import time_templates as tt
from services.executor.llm.builtin.fields import facts_for
from services.executor.llm.builtin.links import Link
from services.executor.llm.builtin.schema import Schema
from services.executor.llm.builtin.sql import Scope
from services.executor.llm.builtin.themes import ANGLES

Generator = Callable[[int], QAPair | None]
FactTemplate = ft.Template
# The default order alternates kinds of questions so a short list is already varied.
FACT_ORDER: tuple[tuple[str, FactTemplate], ...] = (
    ("rank", ft.top_dim), ("trend", tt.monthly), ("mix", ft.share), ("mix", ft.enum_filter),
    ("rank", ft.top_recent), ("trend", tt.daily), ("mix", ft.avg_dim), ("sum", ft.stats),
    ("rank", ft.low_avg), ("trend", tt.weekly), ("trend", tt.recent), ("rank", ft.top_rows),
    ("sum", ft.totals), ("trend", tt.month_dim),
)  # fmt: skip
ANALYST_CATEGORY: dict[FactTemplate, str] = {
    at.rank_window: "rank", at.growth: "trend", at.daily_avg: "trend", at.weekday_split: "trend",
}  # fmt: skip
MASTER_ORDER: tuple[tuple[str, FactTemplate], ...] = (("mix", st.enum_list), ("sum", st.labels))
ANGLE_CATEGORY = dict(zip(("trend", "rank", "mix"), range(3), strict=True))


def theme_tables(schema: Schema, theme: Theme) -> list[TableDoc]:
    found = [t for name in theme.related_tables if (t := schema.table(name)) is not None]
    return list({t.name: t for t in found}.values()) or list(schema.docs.tables)


def _scopes(schema: Schema, base: TableDoc, tables: list[TableDoc]) -> list[Scope]:
    """The theme's own join path first, then the other paths from its fact, then no join."""
    names = {t.name for t in tables}
    paths = schema.paths_from(base)
    own = [p for p in paths if all(lk.parent.name in names for lk in p)]
    ordered = list(dict.fromkeys([*own[:1], *paths]))
    return [Scope(base, p) for p in ordered] + [Scope(base)]


def analyst_generators(
    schema: Schema, base: TableDoc, tables: list[TableDoc]
) -> list[tuple[str, Generator]]:
    """Each template over each scope, diagonally: a short list still varies both. A scope
    with more joins gets more of the slots (what an analyst asks is mostly cross-table)."""
    scopes = _scopes(schema, base, tables)
    facts = [facts_for(schema, s) for s in scopes for _ in range(max(len(s.joins), 1))]
    return [
        (ANALYST_CATEGORY.get(template, "mix"), partial(template, facts[(i + shift) % len(facts)]))
        for shift in range(len(facts))
        for i, template in enumerate(at.ANALYST)
    ]


def fact_generators(schema: Schema, tables: list[TableDoc]) -> list[tuple[str, Generator]]:
    single = facts_for(schema, Scope(tables[0]))
    gens = analyst_generators(schema, tables[0], tables)
    return gens + [(cat, partial(tpl, single)) for cat, tpl in FACT_ORDER]


def _family(schema: Schema, link: Link, child_text: str | None = None) -> st.Family:
    parent_text = schema.entity(link.parent)
    return st.Family(link, schema.zh, parent_text, child_text or schema.entity(link.child))


def _family_generators(family: st.Family) -> list[tuple[str, Generator]]:
    return [
        ("rank", partial(st.child_count, family)),
        ("mix", partial(st.child_filter, family)),
        ("sum", partial(st.childless, family)),
    ]


def _bridge_generators(schema: Schema, bridge: TableDoc) -> list[tuple[str, Generator]]:
    links = list({lk.parent.name: lk for lk in schema.parents(bridge)}.values())
    texts = [schema.entity(lk.parent) for lk in links]
    gens: list[tuple[str, Generator]] = []
    for index, link in enumerate(links[:2]):
        family = _family(schema, link, texts[1 - index] if len(links) > 1 else None)
        gens += _family_generators(family)
    return gens


def _master_generators(schema: Schema, tables: list[TableDoc]) -> list[tuple[str, Generator]]:
    """Links among the tables first, then each template over every table in turn."""
    gens: list[tuple[str, Generator]] = []
    names = {t.name for t in tables}
    for table in tables:
        for link in schema.parents(table):
            if link.parent.name in names and link.parent.name != table.name:
                gens += _family_generators(_family(schema, link))
    every = [facts_for(schema, Scope(table)) for table in tables]
    gens += [(cat, partial(tpl, facts)) for cat, tpl in MASTER_ORDER for facts in every]
    return gens


def theme_generators(schema: Schema, theme: Theme) -> list[Generator]:
    tables = theme_tables(schema, theme)
    if schema.is_fact(tables[0]):
        gens = fact_generators(schema, tables) + _master_generators(schema, tables[1:])
    elif schema.is_bridge(tables[0]):
        gens = _bridge_generators(schema, tables[0]) + _master_generators(schema, tables[1:])
    else:
        gens = _master_generators(schema, tables)
    angle = next((i for i, a in enumerate(ANGLES[schema.zh]) if theme.topic_name.endswith(a)), -1)
    # A theme made from an angle asks that kind of question first (stable: order kept otherwise).
    gens.sort(key=lambda g: ANGLE_CATEGORY.get(g[0], -2) != angle)
    return [g for _, g in gens]
