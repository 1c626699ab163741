"""The read models the data layer returns: one per table row (statuses typed with the enums of
)."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.models import CommandStatus, ExecutionScope, ExecutionStatus, TaskStatus


class Record(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class TaskRecord(Record):
    id: str
    task_type: str
    status: TaskStatus
    parameters: dict[str, Any]
    result: dict[str, Any] | None = None
    error_message: str | None = None
    step_status: dict[str, str]
    step_runs: dict[str, Any] = {}
    output_directory: str | None = None
    created_at: datetime
    started_at: datetime | None = None
    completed_at: datetime | None = None
    created_by: str | None = None
    db_name: str | None = None
    business_context: str | None = None
    directory_exists: bool = True
    updated_at: datetime | None = None
    progress: int = 0
    task_name: str | None = None
    sealed_parameters: str | None = Field(default=None, repr=False)


class ExecutionRecord(Record):
    id: int
    task_id: str
    execution_id: str
    step: ExecutionScope
    status: ExecutionStatus
    queued_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    error_message: str | None = None
    execution_result: dict[str, Any] | None = None
    force_executed: bool = False
    files_cleaned: bool = False
    clean_previous: bool = False
    options: dict[str, Any] = {}
    worker_id: str | None = None
    heartbeat_at: datetime | None = None
    attempt: int = 0
    progress: int = 0
    cancel_requested: bool = False
    command_id: str | None = None
    dispatched_at: datetime | None = None
    dispatches: int = 0


class LogRecord(Record):
    id: int
    task_id: str
    execution_id: str | None = None
    log_level: str
    message: str
    step: str | None = None  # step_name in SQL
    module_name: str | None = None
    function_name: str | None = None
    timestamp: datetime
    extra_data: dict[str, Any] = {}


class OutputRecord(Record):
    id: int
    task_id: str
    execution_id: str | None = None
    step: str | None = None  # step_name in SQL
    file_type: str
    file_name: str
    file_path: str
    file_size: int = 0
    content_hash: str | None = None
    description: str | None = None
    created_at: datetime
    modified_at: datetime
    is_primary: bool = False
    is_downloadable: bool = True


class CommandRecord(Record):
    command_id: str
    command_type: str
    task_id: str | None = None
    payload: dict[str, Any]
    issued_by: str | None = None
    source: str
    status: CommandStatus
    result: dict[str, Any] | None = None
    progress: dict[str, Any] | None = None
    error_code: str | None = None
    idempotency_key: str | None = None
    request_hash: str | None = None
    created_at: datetime
    published_at: datetime | None = None
    completed_at: datetime | None = None
