"""Payloads of the vector store commands (backup, restore, training_data management, search).

Shared by the gateway (publisher) and the executor (consumer); the command envelopes that carry
them are in shared/messages.py."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.models import TASK_ID_PATTERN
from shared.paging import PageWindow

TIMESTAMP_PATTERN = r"^[0-9]{8}_[0-9]{6}$"
VectorTable = Literal["langchain_pg_collection", "langchain_pg_embedding"]
TrainingType = Literal["ddl", "documentation", "sql", "error_sql"]
MAX_ITEMS = 50
# PostgreSQL text and JSONB cannot hold NUL: refused here with a 400, not deep in a COPY.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]
ALL_TABLES: list[VectorTable] = ["langchain_pg_collection", "langchain_pg_embedding"]
ALL_TYPES: list[TrainingType] = ["ddl", "documentation", "sql", "error_sql"]


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VectorBackupPayload(Payload):
    task_id: str | None = Field(default=None, pattern=TASK_ID_PATTERN)
    truncate_after: bool = False


class VectorRestorePayload(Payload):
    backup_path: Text = Field(min_length=1, max_length=1000)
    timestamp: str = Field(pattern=TIMESTAMP_PATTERN)
    tables: list[VectorTable] = Field(
        default_factory=lambda: list(ALL_TABLES),
        min_length=1,
        max_length=2,
    )
    truncate_before_restore: bool = False
    # An id already in the store: "fail" reports the conflicts and restores nothing.
    on_conflict: Literal["fail", "skip", "replace"] = "fail"


class TrainingStatsPayload(Payload):
    pass


class TrainingQueryPayload(PageWindow, Payload):
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=20, ge=1, le=100)
    training_data_type: TrainingType | None = None
    search_keyword: Text | None = Field(default=None, max_length=100)
    task_id: str | None = Field(default=None, pattern=TASK_ID_PATTERN)
    sort_by: Literal["id", "training_data_type"] = "id"
    sort_order: Literal["asc", "desc"] = "asc"


class TrainingItem(Payload):
    training_data_type: TrainingType
    content: Text | None = Field(default=None, max_length=100_000)  # ddl / documentation
    question: Text | None = Field(default=None, max_length=2000)  # sql / error_sql
    sql: Text | None = Field(default=None, max_length=100_000)


class TrainingCreatePayload(Payload):
    items: list[TrainingItem] = Field(min_length=1, max_length=MAX_ITEMS)


class TrainingUpdatePayload(Payload):
    id: Text = Field(min_length=1, max_length=200)
    item: TrainingItem


class TrainingDeletePayload(Payload):
    ids: list[Annotated[Text, Field(max_length=200)]] = Field(min_length=1, max_length=MAX_ITEMS)
    confirm: Literal[True]


class TrainingUploadPayload(Payload):
    file_name: Text = Field(min_length=1, max_length=255)
    file_type: Literal["ddl", "markdown", "sql_pair_json"]
    content: Text = Field(max_length=500 * 1024)


class TrainingCombinePayload(Payload):
    collections: list[TrainingType] = Field(default_factory=lambda: list(ALL_TYPES), min_length=1)
    keep: Literal["first", "last", "newest"] = "first"
    dry_run: bool = True


class TrainingRemoveTaskPayload(Payload):
    task_id: str = Field(pattern=TASK_ID_PATTERN)
    confirm: Literal[True]


class TrainingSearchPayload(Payload):
    question: Text = Field(min_length=1, max_length=2000)
    k: int = Field(default=10, ge=1, le=100)
    types: list[TrainingType] | None = None
