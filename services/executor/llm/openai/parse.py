"""Strict reading of model replies: JSON or one fenced json block, validated, else LLMError."""

import json
import re
from typing import Any, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from services.executor.llm.base import (
    BusinessEntity,
    BusinessMetric,
    DecisionPrompt,
    QAPair,
    Theme,
)
from shared.errors import LLMError

_THINK = re.compile(r"<think>.*?</think>", re.S | re.I)
_FENCE = re.compile(r"```(?:json)?[ \t]*\n?(.*?)```", re.S | re.I)
_SPACES = re.compile(r"\s+")
MAX_QUOTED = 120
M = TypeVar("M")


def extract_json(reply: str) -> Any:
    """A bare JSON value, or the one fenced block in the reply; `<think>` blocks are dropped."""
    text = _THINK.sub("", reply).strip()
    if text[:1] in ("{", "["):
        return _loads(text, reply)
    fences = _FENCE.findall(text)
    if len(fences) != 1:
        raise LLMError(f"大模型返回的不是 JSON：{_quote(reply)}")
    return _loads(fences[0].strip(), reply)


def _loads(text: str, reply: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise LLMError(f"大模型返回的 JSON 无法解析：{_quote(reply)}") from None


def _quote(reply: str) -> str:
    flat = _SPACES.sub(" ", reply).strip()
    return flat[:MAX_QUOTED] + ("…" if len(flat) > MAX_QUOTED else "")


def validated(reply: str, shape: type[M]) -> M:
    return validate(extract_json(reply), shape)


def validate(data: Any, shape: type[M]) -> M:
    try:
        return TypeAdapter(shape).validate_python(data)
    except ValidationError as exc:
        raise LLMError(f"大模型返回的 JSON 结构不符合要求：{exc.error_count()} 处错误") from None


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def terminated(sql: str) -> str:
    sql = one_line(sql).rstrip(";").rstrip()
    return sql + ";"


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ThemeModel(_Strict):
    topic_name: str = Field(min_length=1, validation_alias=AliasChoices("topic_name", "name"))
    description: str = Field(min_length=1)
    related_tables: list[str] = Field(min_length=1)
    biz_entities: list[str] = Field(default_factory=list)
    biz_metrics: list[str] = Field(default_factory=list)

    _lists = field_validator("related_tables", "biz_entities", "biz_metrics", mode="before")(
        _as_list
    )

    def to_theme(self) -> Theme:
        return Theme(
            self.topic_name,
            self.description,
            tuple(self.related_tables),
            tuple(self.biz_entities),
            tuple(self.biz_metrics),
        )


class ThemesModel(_Strict):
    themes: list[ThemeModel] = Field(min_length=1)


class PairModel(_Strict):
    question: str = Field(min_length=1)
    sql: str = Field(min_length=1)

    def to_pair(self) -> QAPair:
        return QAPair(one_line(self.question), terminated(self.sql))


class RepairModel(_Strict):
    repaired_sqls: list[str | None]


class EntityModel(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    fields: list[str] = Field(default_factory=list)


class MetricModel(_Strict):
    name: str = Field(min_length=1)
    description: str = ""


class DecisionModel(_Strict):
    scope: str = Field(min_length=1)
    entities: list[EntityModel] = Field(default_factory=list)
    metrics: list[MetricModel] = Field(default_factory=list)

    def to_prompt(self) -> DecisionPrompt:
        entities = (BusinessEntity(e.name, e.description, tuple(e.fields)) for e in self.entities)
        metrics = (BusinessMetric(m.name, m.description) for m in self.metrics)
        return DecisionPrompt(self.scope, tuple(entities), tuple(metrics))


class ColumnCommentModel(_Strict):
    name: str = Field(min_length=1)
    comment: str = ""


class TableCommentsModel(_Strict):
    table_comment: str = ""
    columns: list[ColumnCommentModel] = Field(default_factory=list)


def parse_themes(reply: str) -> list[Theme]:
    data = extract_json(reply)
    wrapped = {"themes": data} if isinstance(data, list) else data
    return [t.to_theme() for t in validate(wrapped, ThemesModel).themes]


def parse_pairs(reply: str) -> list[QAPair]:
    return [p.to_pair() for p in validated(reply, list[PairModel])]


def parse_repairs(reply: str, expected: int) -> list[str | None]:
    answers = validated(reply, RepairModel).repaired_sqls
    if len(answers) != expected:
        raise LLMError(f"大模型返回了 {len(answers)} 条修复结果，应为 {expected} 条")
    return [terminated(sql) if sql and sql.strip() else None for sql in answers]


def parse_decision(reply: str) -> DecisionPrompt:
    return validated(reply, DecisionModel).to_prompt()


def parse_table_comments(reply: str) -> TableCommentsModel:
    return validated(reply, TableCommentsModel)
