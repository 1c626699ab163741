"""One document to load: its collection, content-derived id and metadata."""

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, Literal

Collection = Literal["ddl", "documentation", "sql", "error_sql"]
COLLECTIONS: tuple[Collection, ...] = ("sql", "ddl", "documentation", "error_sql")
# Vanna derives the training type from the id suffix when it reads rows back.
ID_SUFFIX: dict[Collection, str] = {
    "ddl": "ddl",
    "documentation": "doc",
    "sql": "sql",
    "error_sql": "error_sql",
}
# Fixed so the same content always gets the same id: re-runs collide instead of duplicating.
ID_NAMESPACE = uuid.UUID("5b0c1f3e-6a55-4f43-9d0e-2f6c3b7a9d10")


@dataclass(frozen=True)
class VectorDoc:
    collection: Collection
    document: str
    source_file: str  # "" for documents created through the API
    # Provenance: which step (or API call) wrote it; with task_id and source_file in metadata.
    step: str = "training_load"
    created_at: str | None = None

    @property
    def id(self) -> str:
        name = f"{self.collection}\n{self.document}"
        return f"{uuid.uuid5(ID_NAMESPACE, name)}-{ID_SUFFIX[self.collection]}"

    @property
    def content_hash(self) -> str:
        """md5 of the document text, as PostgreSQL's md5(document) computes it."""
        return hashlib.md5(self.document.encode("utf-8"), usedforsecurity=False).hexdigest()

    def metadata(self, task_id: str | None) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "id": self.id,
            "task_id": task_id,
            "source_file": self.source_file or None,
            "step": self.step,
        }
        if self.collection in ("sql", "error_sql"):
            meta["createdat"] = self.created_at
        return meta


def question_sql_document(question: str, sql: str) -> str:
    """The Q/SQL document text Vanna stores: JSON with non-ASCII kept."""
    return json.dumps({"question": question, "sql": sql}, ensure_ascii=False)


def vector_text(vector: list[float]) -> str:
    """pgvector's text input format."""
    return "[" + ",".join(repr(v) for v in vector) + "]"
