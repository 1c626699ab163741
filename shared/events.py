"""The public event contract: one model per event type, in a discriminated union like the commands.

Events are facts, published on `{ns}.events` with routing key = `type`, after the state change
they tell of is committed. They are best effort: PostgreSQL holds the truth, a lost event is only
a late UI."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from shared.clock import utcnow
from shared.models import ExecutionScope, StepName, StepStatus


class EventBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str  # each event narrows it to its Literal: the discriminator and routing key
    event_id: UUID = Field(default_factory=uuid4)
    task_id: str
    occurred_at: datetime = Field(default_factory=utcnow)


class ExecutionEvent(EventBase):
    execution_id: str
    step: ExecutionScope  # the execution's scope: one step or "complete"


class TaskCreated(EventBase):
    type: Literal["task.created"] = "task.created"


class TaskDeleted(EventBase):
    type: Literal["task.deleted"] = "task.deleted"
    directory_deleted: bool
    database_records_deleted: bool
    deleted_bytes: int


class ExecutionQueued(ExecutionEvent):
    type: Literal["execution.queued"] = "execution.queued"


class ExecutionStarted(ExecutionEvent):
    type: Literal["execution.started"] = "execution.started"


class ExecutionProgress(EventBase):
    """The task's overall progress moved inside a step (`step_status` absent), or a step's status
    changed: running at its start, completed at its end, failed with `error`."""

    type: Literal["execution.progress"] = "execution.progress"
    execution_id: str
    step: StepName
    progress: int | None = Field(default=None, ge=0, le=100)  # the task's 0-100
    step_status: StepStatus | None = None
    error: str | None = None

    @property
    def changes_step(self) -> bool:
        return self.step_status is not None


class ExecutionCompleted(ExecutionEvent):
    type: Literal["execution.completed"] = "execution.completed"


class ExecutionFailed(ExecutionEvent):
    type: Literal["execution.failed"] = "execution.failed"
    error: str


class ExecutionCancelled(ExecutionEvent):
    type: Literal["execution.cancelled"] = "execution.cancelled"
    reason: str


class ExecutionLost(ExecutionEvent):
    """The janitor found the execution's heartbeat stale (or its runtime past the limit)."""

    type: Literal["execution.lost"] = "execution.lost"
    reason: str
    failed_steps: list[StepName]


class LogLines(EventBase):
    """Lines were added to a task's log (data_pipeline_task_logs), one event per written batch:
    a reader takes the rows themselves from the table by id (the gateway's SSE does)."""

    type: Literal["log"] = "log"
    execution_id: str | None
    step: StepName | None  # of the batch's last line
    lines: int = Field(ge=1)
    level: str  # the most severe level among them
    logged_at: datetime  # of the batch's last line


Event = Annotated[
    TaskCreated
    | TaskDeleted
    | ExecutionQueued
    | ExecutionStarted
    | ExecutionProgress
    | ExecutionCompleted
    | ExecutionFailed
    | ExecutionCancelled
    | ExecutionLost
    | LogLines,
    Field(discriminator="type"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def decode_event(body: bytes) -> Event:
    """Decodes one event body (for consumers such as the gateway's live streams)."""
    return EVENT_ADAPTER.validate_json(body)
