"""The database's business scope, entities and metrics, for db_query_decision_prompt.txt:
every table's entity, the named dimensions of the facts, every measure with what it means."""

from services.executor.llm.base import (
    BusinessEntity,
    BusinessMetric,
    DecisionPrompt,
    SchemaDocs,
    TableDoc,
    Theme,
)
from services.executor.llm.builtin import columns as cols
from services.executor.llm.builtin.language import column_label, entity_text, table_label
from services.executor.llm.builtin.schema import Schema, analyse

MAX_ITEMS = 40


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


def _table_entity(schema: Schema, table: TableDoc) -> BusinessEntity:
    name = (
        table_label(table, schema.docs, schema.zh)
        if schema.is_fact(table)
        else schema.entity(table)
    )
    fields = [c.name for c in cols.dimensions(table.columns)][:4]
    return BusinessEntity(name, table.comment or table.name, tuple(fields))


def _dimension_entities(schema: Schema, table: TableDoc) -> list[BusinessEntity]:
    """Named things and categories a fact carries without a table of their own (档口, 车辆类型)."""
    linked = {c for link in schema.parents(table) for c, _ in link.pairs}
    where = table_label(table, schema.docs, schema.zh)
    found = []
    for column in cols.dimensions(table.columns):
        label = column_label(column, schema.zh)
        if column.name in linked or cols.is_bare_code(column) or cols.is_code(column):
            continue
        if column.enum_values:
            values = "、".join(column.enum_values)
            found.append(
                BusinessEntity(label, f"{where}中的{label}，取值：{values}", (column.name,))
            )
        elif cols.label_column(table.columns) is not column or not schema.parents(table):
            found.append(BusinessEntity(entity_text(label), f"{where}中的{label}", (column.name,)))
    return found


def _measure(schema: Schema, fact: TableDoc, column_index: int) -> BusinessMetric:
    column = cols.measures(fact.columns)[column_index]
    dims = [column_label(c, schema.zh) for c in cols.dimensions(fact.columns)][:2]
    where, name = table_label(fact, schema.docs, schema.zh), column_label(column, schema.zh)
    if not schema.zh:
        return BusinessMetric(name, f"SUM/AVG of {fact.name}.{column.name}")
    by = "、".join(dims) or "日期"
    return BusinessMetric(name, f"{where}表 {column.name} 字段的合计或平均，可按{by}及日期汇总")


def _derived(schema: Schema, fact: TableDoc) -> list[BusinessMetric]:
    measures = cols.measures(fact.columns)
    totals = [m for m in measures if cols.is_total(m)]
    parts = [m for m in measures if not cols.is_total(m)]
    found = []
    for total in totals:
        for part in (p for p in parts if p.type == total.type):
            a, b = column_label(part, schema.zh), column_label(total, schema.zh)
            found.append(
                BusinessMetric(
                    f"{a}占比", f"SUM({part.name}) * 100.0 / SUM({total.name})，{a}占{b}的百分比"
                )
            )
    return found


def decision_prompt(docs: SchemaDocs, themes: list[Theme]) -> DecisionPrompt:
    del themes  # the schema itself says what each entity and metric is
    schema = analyse(docs)
    entities: dict[str, BusinessEntity] = {}
    for table in docs.tables:
        for entity in [_table_entity(schema, table), *_dimension_entities(schema, table)]:
            entities.setdefault(entity.name, entity)
    metrics: dict[str, BusinessMetric] = {}
    for fact in schema.facts():
        found = [_measure(schema, fact, i) for i in range(len(cols.measures(fact.columns)))]
        for metric in [*found, *_derived(schema, fact)]:
            metrics.setdefault(metric.name, metric)
    return DecisionPrompt(
        scope=_scope(schema),
        entities=tuple(list(entities.values())[:MAX_ITEMS]),
        metrics=tuple(list(metrics.values())[:MAX_ITEMS]),
    )
