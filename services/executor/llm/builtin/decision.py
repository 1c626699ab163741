"""The database's business scope, entities and metrics, for db_query_decision_prompt.txt."""

from services.executor.llm.base import (
    BusinessEntity,
    BusinessMetric,
    DecisionPrompt,
    SchemaDocs,
    TableDoc,
    Theme,
)
from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.language import column_label, entity_label, table_label
from services.executor.llm.builtin.schema import Schema, analyse

MAX_ITEMS = 8


def _scope(schema: Schema) -> str:
    subjects = "、".join(
        dict.fromkeys(table_label(t, schema.docs, schema.zh) for t in schema.docs.tables)
    )
    context = schema.docs.business_context or schema.docs.db_name
    if schema.zh:
        return (
            f"当前数据库存储的是{context}的相关数据，主要涉及{subjects}等数据，包含以下业务数据："
        )
    return f"This database holds {context} data, mainly {subjects}, including:"


def _entity(schema: Schema, table: TableDoc) -> BusinessEntity:
    fields = [c.name for c in cols.dimensions(table.columns)][:4]
    return BusinessEntity(
        name=entity_label(table, schema.docs, schema.zh),
        description=table.comment or table_label(table, schema.docs, schema.zh),
        fields=tuple(fields),
    )


def _metrics(schema: Schema, themes: list[Theme]) -> list[BusinessMetric]:
    metrics = []
    for fact in schema.facts():
        dims = "、".join(column_label(c, schema.zh) for c in cols.dimensions(fact.columns)[:2])
        for column in cols.measures(fact.columns)[:3]:
            name = column_label(column, schema.zh)
            where = table_label(fact, schema.docs, schema.zh)
            text = f"基于{where}的{column.name}字段，可按{dims or '日期'}汇总分析{name}"
            metrics.append(BusinessMetric(name, text if schema.zh else f"{name} from {fact.name}"))
    theme_metrics = [m for t in themes for m in t.biz_metrics if m not in {x.name for x in metrics}]
    metrics += [BusinessMetric(m, m) for m in dict.fromkeys(theme_metrics)]
    return metrics[:MAX_ITEMS]


def decision_prompt(docs: SchemaDocs, themes: list[Theme]) -> DecisionPrompt:
    schema = analyse(docs)
    dimension_tables = [t for t in schema.masters() if cols.dimensions(t.columns)]
    entities: dict[str, BusinessEntity] = {}
    for table in dimension_tables or list(docs.tables):
        entity = _entity(schema, table)
        entities.setdefault(entity.name, entity)
    return DecisionPrompt(
        scope=_scope(schema),
        entities=tuple(list(entities.values())[:MAX_ITEMS]),
        metrics=tuple(_metrics(schema, themes)),
    )
