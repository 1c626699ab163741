"""Payloads of the console's commands (table inspector, pair edits), answered by the executor over
reply_to: only the executor reaches business DBs. A connection string travels masked, with its
original sealed by the deployment's SecretBox: a message never carries a password in clear.
The command envelopes that carry them are in shared/messages.py."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.models import TASK_ID_PATTERN


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


TableOutput = Literal["ddl", "md", "both"]


class BusinessDbRef(Message):
    db_connection: str | None = Field(default=None, max_length=2000)  # masked
    sealed_connection: str | None = Field(default=None, max_length=8000)


class ListTablesPayload(BusinessDbRef):
    schema_name: str | None = Field(default=None, max_length=63)
    table_name_pattern: str | None = Field(default=None, max_length=200)  # ILIKE: % and _


class TableDdlPayload(BusinessDbRef):
    table: str = Field(min_length=1, max_length=200)  # name or schema.name
    output: TableOutput = "both"


class UpdatePairPayload(Message):
    """Edit one pair of the task's current pair file and re-validate it on the task's DB."""

    task_id: str = Field(pattern=TASK_ID_PATTERN)
    index: int = Field(ge=0, le=1_000_000)
    question: str | None = Field(default=None, min_length=1, max_length=2000)
    sql: str | None = Field(default=None, min_length=1, max_length=20_000)
    if_match: str = Field(max_length=100)  # the pair file's ETag the edit was made on
