"""The public message contract: every command and event, shared by all publishers and consumers."""

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from shared.clock import utcnow
from shared.models import StepName
from shared.parameters import TaskParameters, TaskType

TASK_ID_PATTERN = r"^task_\d{8}_\d{6}(_\d+)?$"


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommandBase(Message):
    command_id: UUID = Field(default_factory=uuid4)
    issued_by: str = Field(default="anonymous", max_length=100)
    issued_at: datetime = Field(default_factory=utcnow)


class CreateTaskPayload(Message):
    task_id: str | None = Field(default=None, pattern=TASK_ID_PATTERN)
    task_type: TaskType = "data_workflow"
    parameters: TaskParameters = Field(default_factory=TaskParameters)


class ExecuteTaskPayload(Message):
    task_id: str = Field(pattern=TASK_ID_PATTERN)
    step: StepName | Literal["complete"] = "complete"
    force_execute: bool = False
    clean_previous: bool = False
    backup_vector_tables: bool = False
    truncate_vector_tables: bool = False
    # Set by the gateway, which records the execution before publishing; other publishers omit it.
    execution_id: str | None = Field(default=None, max_length=100)


class CancelExecutionPayload(Message):
    task_id: str = Field(pattern=TASK_ID_PATTERN)
    reason: str = Field(default="cancelled by request", max_length=500)


class DeleteTasksPayload(Message):
    task_ids: list[str] = Field(min_length=1, max_length=500)
    confirm: Literal[True]
    delete_database_records: bool = False
    force: bool = False
    continue_on_error: bool = True


class CreateTask(CommandBase):
    type: Literal["task.create"] = "task.create"
    payload: CreateTaskPayload


class ExecuteTask(CommandBase):
    type: Literal["task.execute"] = "task.execute"
    payload: ExecuteTaskPayload


class CancelExecution(CommandBase):
    type: Literal["task.cancel"] = "task.cancel"
    payload: CancelExecutionPayload


class DeleteTasks(CommandBase):
    type: Literal["task.delete"] = "task.delete"
    payload: DeleteTasksPayload


Command = Annotated[
    CreateTask | ExecuteTask | CancelExecution | DeleteTasks, Field(discriminator="type")
]
COMMAND_ADAPTER: TypeAdapter[Command] = TypeAdapter(Command)


def decode_command(body: bytes) -> Command:
    """Decodes one AMQP body; raises pydantic.ValidationError on anything else."""
    return COMMAND_ADAPTER.validate_json(body)


EventType = Literal[
    "task.created",
    "task.deleted",
    "execution.queued",
    "execution.started",
    "execution.progress",
    "execution.completed",
    "execution.failed",
    "execution.cancelled",
    "execution.lost",
    "log",
]


class Event(Message):
    """Events are facts, published after the state change is committed."""

    event_id: UUID = Field(default_factory=uuid4)
    type: EventType
    task_id: str
    execution_id: str | None = None
    occurred_at: datetime = Field(default_factory=utcnow)
    data: dict[str, Any] = Field(default_factory=dict)
