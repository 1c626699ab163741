"""db_query_decision_prompt.txt: always the text layout, whatever the LLM answered."""

from services.executor.llm.base import BusinessEntity, BusinessMetric, DecisionPrompt, Theme
from services.executor.steps.qa_generation.codec import one_line
from services.executor.steps.qa_generation.metadata import first_distinct

DECISION_PROMPT_FILE = "db_query_decision_prompt.txt"
FALLBACK_LIMIT = 8


def _entity_line(entity: BusinessEntity) -> str:
    line = f"- {one_line(entity.name)}：{one_line(entity.description)}"
    fields = [one_line(f) for f in entity.fields if one_line(f)]
    return line + (f"，主要字段：{'、'.join(fields)}" if fields else "")


def _metric_line(metric: BusinessMetric) -> str:
    return f"- {one_line(metric.name)}：{one_line(metric.description)}"


def render_decision_prompt(prompt: DecisionPrompt) -> str:
    lines = [
        "=== 数据库业务范围 ===",
        one_line(prompt.scope),
        "核心业务实体：",
        *(_entity_line(e) for e in prompt.entities),
        "关键业务指标：",
        *(_metric_line(m) for m in prompt.metrics),
    ]
    return "\n".join(lines) + "\n"


def fallback_prompt(business_context: str, themes: list[Theme]) -> DecisionPrompt:
    """Built from the themes when the LLM could not answer (as the original's fallback)."""
    entities = first_distinct([e for t in themes for e in t.biz_entities], FALLBACK_LIMIT)
    metrics = first_distinct([m for t in themes for m in t.biz_metrics], FALLBACK_LIMIT)
    topics = "、".join(t.topic_name for t in themes)
    return DecisionPrompt(
        scope=f"当前数据库存储的是{one_line(business_context)}的相关数据，主要涉及{topics}，包含以下业务数据：",
        entities=tuple(BusinessEntity(e, f"{business_context}中的{e}", ()) for e in entities),
        metrics=tuple(BusinessMetric(m, f"{business_context}中的{m}分析") for m in metrics),
    )
