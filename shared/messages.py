"""The public command contract, shared by every publisher and consumer (events: shared/events)."""

from datetime import datetime
from typing import Annotated, Literal, get_args
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from shared.clock import utcnow
from shared.console_payloads import ListTablesPayload, TableDdlPayload, UpdatePairPayload
from shared.models import COMPLETE, TASK_ID_PATTERN, ExecutionScope
from shared.parameters import TaskParameters, TaskType
from shared.vector_payloads import (
    TrainingCombinePayload,
    TrainingCreatePayload,
    TrainingDeletePayload,
    TrainingQueryPayload,
    TrainingRemoveTaskPayload,
    TrainingSearchPayload,
    TrainingStatsPayload,
    TrainingUpdatePayload,
    TrainingUploadPayload,
    VectorBackupPayload,
    VectorRestorePayload,
)


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    step: ExecutionScope = COMPLETE
    force_execute: bool = False
    clean_previous: bool = False
    backup_vector_tables: bool = False
    # The original's flag: a complete run without training_load (skipped).
    skip_training: bool = False
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
    # DELETE /tasks/{id}: the result (also the one stored for GET /commands/{id}) takes the
    # single-task shape instead of the batch one.
    single: bool = False


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


# Vector store commands (executor.vector queue): the long ones are recorded and answered on
# GET /commands/{id}; the reads (stats, query, search) are RPC only (reply_to), never recorded.
class BackupVectors(CommandBase):
    type: Literal["vector.backup"] = "vector.backup"
    payload: VectorBackupPayload


class RestoreVectors(CommandBase):
    type: Literal["vector.restore"] = "vector.restore"
    payload: VectorRestorePayload


class TrainingStats(CommandBase):
    type: Literal["training_data.stats"] = "training_data.stats"
    payload: TrainingStatsPayload = Field(default_factory=TrainingStatsPayload)


class QueryTraining(CommandBase):
    type: Literal["training_data.query"] = "training_data.query"
    payload: TrainingQueryPayload


class SearchTraining(CommandBase):
    type: Literal["training_data.search"] = "training_data.search"
    payload: TrainingSearchPayload


class CreateTraining(CommandBase):
    type: Literal["training_data.create"] = "training_data.create"
    payload: TrainingCreatePayload


class UpdateTraining(CommandBase):
    type: Literal["training_data.update"] = "training_data.update"
    payload: TrainingUpdatePayload


class DeleteTraining(CommandBase):
    type: Literal["training_data.delete"] = "training_data.delete"
    payload: TrainingDeletePayload


class UploadTraining(CommandBase):
    type: Literal["training_data.upload"] = "training_data.upload"
    payload: TrainingUploadPayload


class CombineTraining(CommandBase):
    type: Literal["training_data.combine"] = "training_data.combine"
    payload: TrainingCombinePayload


class RemoveTaskTraining(CommandBase):
    type: Literal["training_data.remove_task"] = "training_data.remove_task"
    payload: TrainingRemoveTaskPayload


VectorCommand = (
    BackupVectors
    | RestoreVectors
    | TrainingStats
    | QueryTraining
    | SearchTraining
    | CreateTraining
    | UpdateTraining
    | DeleteTraining
    | UploadTraining
    | CombineTraining
    | RemoveTaskTraining
)
VECTOR_COMMAND_TYPES: tuple[str, ...] = tuple(
    cls.model_fields["type"].default for cls in get_args(VectorCommand)
)


# The console's reads and pair edits (payloads in shared/console_payloads.py).


class ListTables(CommandBase):
    type: Literal["db.tables"] = "db.tables"
    payload: ListTablesPayload = Field(default_factory=ListTablesPayload)


class TableDdl(CommandBase):
    type: Literal["db.table_ddl"] = "db.table_ddl"
    payload: TableDdlPayload


class UpdatePair(CommandBase):
    type: Literal["pair.update"] = "pair.update"
    payload: UpdatePairPayload


ConsoleCommand = ListTables | TableDdl | UpdatePair
CONSOLE_COMMAND_TYPES: tuple[str, ...] = tuple(
    cls.model_fields["type"].default for cls in get_args(ConsoleCommand)
)
Command = Annotated[
    CreateTask | ExecuteTask | CancelExecution | DeleteTasks | VectorCommand | ConsoleCommand,
    Field(discriminator="type"),
]
COMMAND_ADAPTER: TypeAdapter[Command] = TypeAdapter(Command)


def decode_command(body: bytes) -> Command:
    """Decodes one AMQP body; raises pydantic.ValidationError on anything else."""
    return COMMAND_ADAPTER.validate_json(body)
