"""Question/SQL pairs for one theme: templates over the theme's real tables, round-robin."""

from collections.abc import Callable
from functools import partial

from services.executor.llm.base import QAPair, SchemaDocs, TableDoc, Theme
from services.executor.llm.builtin import fact_templates as ft
from services.executor.llm.builtin import structure_templates as st
from services.executor.llm.builtin import time_templates as tt
from services.executor.llm.builtin.fields import facts_for
from services.executor.llm.builtin.language import entity_label
from services.executor.llm.builtin.links import Link
from services.executor.llm.builtin.phrases import question
from services.executor.llm.builtin.schema import Schema, analyse
from services.executor.llm.builtin.sql import Scope, label, select
from services.executor.llm.builtin.themes import ANGLES

Generator = Callable[[int], QAPair | None]
FactTemplate = ft.Template
# Variants tried per template; templates cycle their columns by this index.
MAX_VARIANTS = 12
# The default order alternates kinds of questions so a short list is already varied.
FACT_ORDER: tuple[tuple[str, FactTemplate], ...] = (
    ("rank", ft.top_dim), ("trend", tt.monthly), ("mix", ft.share), ("sum", ft.count_all),
    ("mix", ft.enum_filter), ("rank", ft.top_recent), ("trend", tt.daily), ("mix", ft.avg_dim),
    ("sum", ft.stats), ("rank", ft.low_avg), ("trend", tt.weekly), ("mix", tt.count_dim),
    ("trend", tt.recent), ("rank", ft.top_rows), ("mix", tt.distinct), ("sum", ft.totals),
    ("trend", tt.month_dim),
)  # fmt: skip
# Templates whose question is about a dimension: the ones worth running over a join.
BY_DIMENSION = frozenset({ft.top_dim, ft.top_recent, ft.avg_dim, ft.low_avg, tt.month_dim})
MASTER_ORDER: tuple[tuple[str, FactTemplate], ...] = (
    ("sum", ft.count_all), ("mix", tt.count_dim), ("mix", st.enum_list), ("sum", st.labels),
    ("mix", tt.distinct),
)  # fmt: skip
ANGLE_CATEGORY = dict(zip(("trend", "rank", "mix"), range(3), strict=True))


def _theme_tables(schema: Schema, theme: Theme) -> list[TableDoc]:
    found = [t for name in theme.related_tables if (t := schema.table(name)) is not None]
    return list({t.name: t for t in found}.values()) or list(schema.docs.tables)


def _join_path(schema: Schema, base: TableDoc, tables: list[TableDoc]) -> tuple[Link, ...]:
    names = {t.name for t in tables}
    paths = [p for p in schema.paths_from(base) if all(lk.parent.name in names for lk in p)]
    return paths[0] if paths else ()


def _fact_generators(schema: Schema, tables: list[TableDoc]) -> list[tuple[str, Generator]]:
    base = tables[0]
    single = facts_for(schema, Scope(base))
    gens: list[tuple[str, Generator]] = [(cat, partial(tpl, single)) for cat, tpl in FACT_ORDER]
    if path := _join_path(schema, base, tables):
        joined = facts_for(schema, Scope(base, path))
        gens = [(c, partial(t, joined)) for c, t in FACT_ORDER if t in BY_DIMENSION] + gens
    return gens


def _family(schema: Schema, link: Link, child_text: str | None = None) -> st.Family:
    parent_text = entity_label(link.parent, schema.docs, schema.zh)
    child = child_text or entity_label(link.child, schema.docs, schema.zh)
    return st.Family(link, schema.zh, parent_text, child)


def _family_generators(family: st.Family) -> list[tuple[str, Generator]]:
    return [
        ("rank", partial(st.child_count, family)),
        ("mix", partial(st.child_filter, family)),
        ("sum", partial(st.childless, family)),
    ]


def _link_total(schema: Schema, bridge: TableDoc, links: list[Link], i: int) -> QAPair | None:
    if i:
        return None
    texts = [entity_label(link.parent, schema.docs, schema.zh) for link in links[:2]]
    scope = Scope(bridge, tuple(links[:2]))
    sql = select(scope, [f"COUNT(*) AS {label('关联数' if schema.zh else 'link_count')}"])
    return QAPair(question("link_total", schema.zh, p=texts[0], c=texts[1]), sql)


def _bridge_generators(schema: Schema, bridge: TableDoc) -> list[tuple[str, Generator]]:
    links = list({lk.parent.name: lk for lk in schema.parents(bridge)}.values())
    texts = [entity_label(lk.parent, schema.docs, schema.zh) for lk in links]
    gens: list[tuple[str, Generator]] = [("sum", partial(_link_total, schema, bridge, links))]
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


def _generators(schema: Schema, theme: Theme) -> list[Generator]:
    tables = _theme_tables(schema, theme)
    if schema.is_fact(tables[0]):
        gens = _fact_generators(schema, tables) + _master_generators(schema, tables[1:])
    elif schema.is_bridge(tables[0]):
        gens = _bridge_generators(schema, tables[0]) + _master_generators(schema, tables[1:])
    else:
        gens = _master_generators(schema, tables)
    angle = next((i for i, a in enumerate(ANGLES[schema.zh]) if theme.topic_name.endswith(a)), -1)
    # A theme made from an angle asks that kind of question first (stable: order kept otherwise).
    gens.sort(key=lambda g: ANGLE_CATEGORY.get(g[0], -2) != angle)
    return [g for _, g in gens]


def generate_pairs(docs: SchemaDocs, theme: Theme, count: int) -> list[QAPair]:
    """Up to `count` distinct pairs (fewer only when the tables offer no more questions)."""
    schema = analyse(docs)
    generators = _generators(schema, theme)
    pairs: dict[str, QAPair] = {}
    seen_questions: set[str] = set()
    for i in range(MAX_VARIANTS):
        for generate in generators:
            pair = generate(i)
            if len(pairs) >= count:
                return list(pairs.values())
            if pair and pair.sql not in pairs and pair.question not in seen_questions:
                pairs[pair.sql] = pair
                seen_questions.add(pair.question)
    return list(pairs.values())
