"""Themes and pairs to and from the JSON kept in intermediate files and written as outputs."""

import re
from typing import Any

from services.executor.llm.base import QAPair, Theme

_SPACES = re.compile(r"\s+")


def theme_to_json(theme: Theme) -> dict[str, Any]:
    return {
        "topic_name": theme.topic_name,
        "description": theme.description,
        "related_tables": list(theme.related_tables),
        "biz_entities": list(theme.biz_entities),
        "biz_metrics": list(theme.biz_metrics),
    }


def theme_from_json(data: dict[str, Any]) -> Theme:
    return Theme(
        topic_name=str(data["topic_name"]),
        description=str(data.get("description", "")),
        related_tables=tuple(str(v) for v in data.get("related_tables", [])),
        biz_entities=tuple(str(v) for v in data.get("biz_entities", [])),
        biz_metrics=tuple(str(v) for v in data.get("biz_metrics", [])),
    )


def pair_to_json(pair: QAPair) -> dict[str, str]:
    return {"question": pair.question, "sql": pair.sql}


def pair_from_json(data: dict[str, Any]) -> QAPair:
    return QAPair(question=str(data["question"]), sql=str(data["sql"]))


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def clean_pairs(pairs: list[QAPair]) -> list[QAPair]:
    """Single-line question and SQL, `;`-terminated SQL; empty items dropped (as the original)."""
    cleaned = [QAPair(one_line(p.question), one_line(p.sql)) for p in pairs]
    return [
        QAPair(p.question, p.sql if p.sql.endswith(";") else p.sql + ";")
        for p in cleaned
        if p.question and p.sql
    ]
