"""API items -> documents: validated per item, with the API call as their provenance."""

import json
from dataclasses import dataclass

from services.executor.vectors.documents import VectorDoc
from shared.clock import utcnow
from shared.vector_payloads import TrainingItem


@dataclass(frozen=True)
class ItemError:
    index: int
    error: str


def document_text(item: TrainingItem) -> str:
    """The stored text; raises ValueError naming what the item lacks."""
    if item.training_data_type in ("ddl", "documentation"):
        if not (item.content or "").strip():
            raise ValueError(f"{item.training_data_type} 类型需要 content")
        return (item.content or "").strip()
    question, sql = (item.question or "").strip(), (item.sql or "").strip()
    if not question or not sql:
        raise ValueError(f"{item.training_data_type} 类型需要 question 和 sql")
    fields = {"question": question, "sql": sql}
    if item.training_data_type == "error_sql":  # the original's feedback rows carry their type
        fields["type"] = "error_sql"
    return json.dumps(fields, ensure_ascii=False)


def to_doc(item: TrainingItem, step: str) -> VectorDoc:
    return VectorDoc(
        item.training_data_type,
        document_text(item),
        "",
        step=step,
        created_at=utcnow().isoformat(),
    )


def split_items(items: list[TrainingItem], step: str) -> tuple[list[VectorDoc], list[ItemError]]:
    docs, errors = [], []
    for index, item in enumerate(items):
        try:
            docs.append(to_doc(item, step))
        except ValueError as exc:
            errors.append(ItemError(index, str(exc)))
    return docs, errors
