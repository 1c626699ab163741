"""Analysis themes from table roles and join paths: facts, dimensions, links, master data."""

from itertools import zip_longest

from services.executor.llm.base import SchemaDocs, TableDoc, Theme
from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.language import column_label, entity_label, table_label
from services.executor.llm.builtin.schema import Schema, analyse
from shared.errors import LLMError

# topic_name: at most 10 characters in Chinese (the original's rule), a few words otherwise.
MAX_TOPIC = {True: 10, False: 40}
# Angles that make a further theme out of a natural one when the schema has too few groups.
ANGLES = {True: ("趋势", "排名", "结构"), False: (" trend", " ranking", " mix")}
SUFFIX = {True: "分析", False: " analysis"}


def _entities(schema: Schema, tables: list[TableDoc]) -> tuple[str, ...]:
    labels = [column_label(c, schema.zh) for t in tables for c in cols.dimensions(t.columns)]
    return tuple(dict.fromkeys(labels))[:5]


def _metrics(schema: Schema, tables: list[TableDoc]) -> tuple[str, ...]:
    labels = [column_label(c, schema.zh) for t in tables for c in cols.measures(t.columns)]
    if not labels:
        word = "数量" if schema.zh else " count"
        labels = [entity_label(t, schema.docs, schema.zh) + word for t in tables]
    return tuple(dict.fromkeys(labels))[:5]


def _describe(schema: Schema, tables: list[TableDoc], entities: tuple[str, ...]) -> str:
    subject = "、".join(table_label(t, schema.docs, schema.zh) for t in tables[:3])
    metrics = "、".join(_metrics(schema, tables)[:2])
    by = "、".join(entities[:2]) or subject
    measured = any(cols.measures(t.columns) for t in tables)
    if schema.zh and measured:
        return f"围绕{subject}数据，按{by}分析{metrics}的汇总、趋势与排名，辅助业务决策。"
    if schema.zh:
        return f"梳理{subject}等基础数据，按{by}统计{metrics}及其分布，支撑数据核对与管理。"
    return f"Totals, rankings and distribution of {metrics} by {by} over {subject} data."


def _theme(
    schema: Schema, topic: str, tables: list[TableDoc], focus: list[TableDoc] | None = None
) -> Theme:
    """`focus`: the tables whose dimensions the theme is about (default: all of them)."""
    entities = _entities(schema, focus or tables)
    return Theme(
        topic_name=topic[: MAX_TOPIC[schema.zh]].strip(),
        description=_describe(schema, tables, entities),
        related_tables=tuple(dict.fromkeys(t.name for t in tables)),
        biz_entities=entities,
        biz_metrics=_metrics(schema, tables),
    )


def _fact_themes(schema: Schema) -> list[Theme]:
    return [
        _theme(schema, table_label(t, schema.docs, schema.zh) + SUFFIX[schema.zh], [t])
        for t in schema.facts()
    ]


def _join_themes(schema: Schema) -> list[Theme]:
    themes = []
    for fact in schema.facts():
        for path in schema.paths_from(fact):
            target = entity_label(path[-1].parent, schema.docs, schema.zh)
            word = "维度分析" if schema.zh else " breakdown"
            parents = [link.parent for link in path]
            themes.append(_theme(schema, target + word, [fact, *parents], [*parents[::-1], fact]))
    return themes


def _bridge_themes(schema: Schema) -> list[Theme]:
    themes = []
    for bridge in schema.bridges():
        parents = [link.parent for link in schema.parents(bridge)]
        names = [entity_label(p, schema.docs, schema.zh) for p in parents[:2]]
        topic = "与".join(names) + "关联" if schema.zh else " & ".join(names) + " links"
        themes.append(_theme(schema, topic, [bridge, *parents]))
    return themes


def _hierarchy_themes(schema: Schema) -> list[Theme]:
    themes = []
    for child in schema.masters():
        for link in schema.parents(child):
            names = [entity_label(t, schema.docs, schema.zh) for t in (link.parent, child)]
            if names[0] != names[1]:
                topic = "".join(names) + "分布" if schema.zh else " per ".join(names[::-1])
                themes.append(_theme(schema, topic, [child, link.parent]))
    return themes


def _master_themes(schema: Schema) -> list[Theme]:
    masters = schema.masters()[:4]
    return (
        [_theme(schema, "基础档案分析" if schema.zh else "master data", masters)] if masters else []
    )


def natural_themes(schema: Schema) -> list[Theme]:
    """Facts first, then one theme of each other kind in turn, without repeated topics."""
    kinds = [_join_themes(schema), _bridge_themes(schema), _master_themes(schema)]
    kinds.append(_hierarchy_themes(schema))
    ordered = _fact_themes(schema) + [t for row in zip_longest(*kinds) for t in row if t]
    unique: dict[str, Theme] = {}
    for theme in ordered:
        unique.setdefault(theme.topic_name, theme)
    return list(unique.values())


def _angled(theme: Theme, angle: str, zh: bool) -> Theme:
    core = theme.topic_name.removesuffix(SUFFIX[zh]).removesuffix("维度分析")
    topic = core[: MAX_TOPIC[zh] - len(angle)] + angle
    return Theme(
        topic, theme.description, theme.related_tables, theme.biz_entities, theme.biz_metrics
    )


def extract_themes(docs: SchemaDocs, count: int) -> list[Theme]:
    schema = analyse(docs)
    natural = natural_themes(schema)
    if not natural:
        raise LLMError("没有可用于生成主题的表结构文档")
    themes = natural[:count]
    extra = [_angled(t, angle, schema.zh) for angle in ANGLES[schema.zh] for t in natural]
    for index, theme in enumerate(extra * (count // max(len(extra), 1) + 1)):
        if len(themes) >= count:
            break
        taken = {t.topic_name for t in themes}
        unique = _angled(theme, str(index + 2), schema.zh) if theme.topic_name in taken else theme
        themes.append(unique)
    return themes
