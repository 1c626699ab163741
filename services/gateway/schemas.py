"""HTTP request models: bodies and query strings, validated once at the edge."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator

from shared.clock import naive_utc
from shared.db.logs import LEVELS
from shared.errors import MissingParams
from shared.models import COMPLETE, StepName, TaskStatus
from shared.parameters import TaskParameters, TaskType


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CreateTaskNested(Body):
    """The nested form: {task_type, parameters: {...}}."""

    task_type: TaskType = "data_workflow"
    created_by: str | None = Field(default=None, max_length=50)
    parameters: TaskParameters


class CreateTaskFlat(TaskParameters):
    """Seed 001's flat form: the parameters next to task_type."""

    task_type: TaskType = "data_workflow"
    created_by: str | None = Field(default=None, max_length=50)

    def parameters(self) -> TaskParameters:
        fields = self.model_dump(exclude={"task_type", "created_by"}, exclude_unset=True)
        return TaskParameters.model_validate(fields)


class ExecuteRequest(Body):
    """{step, ...} or the original {execution_mode: complete|step, step_name}."""

    step: StepName | Literal["complete"] | None = None
    execution_mode: Literal["complete", "step"] | None = None
    step_name: StepName | None = None
    force_execute: StrictBool = False
    clean_previous: StrictBool = False
    backup_vector_tables: StrictBool = False
    skip_training: StrictBool = False
    truncate_vector_tables: StrictBool = False

    def resolved_step(self) -> str:
        if self.step is not None:
            return str(self.step)
        if self.execution_mode == "complete":
            return COMPLETE
        if self.execution_mode == "step":
            if self.step_name is None:
                raise MissingParams(["step_name"], "execution_mode=step 时必须提供 step_name")
            return self.step_name.value
        raise MissingParams(["step"], "缺少必需参数: step (或 execution_mode)")


class TableListRequest(Body):
    tables: list[StrictStr] | StrictStr = Field(description="表名数组或逗号分隔的字符串")


MAX_PAGE = 100
# The document's list example says "running" for a task in progress.
STATUS_ALIASES = {"running": TaskStatus.in_progress.value}


class TaskListQuery(BaseModel):
    # Unknown query parameters are ignored: browsers and proxies add cache busters.
    status: str | None = Field(default=None, max_length=200)
    db_name: str | None = Field(default=None, max_length=100)
    created_by: str | None = Field(default=None, max_length=50)
    task_name: str | None = Field(default=None, max_length=100)
    created_from: datetime | None = None
    created_to: datetime | None = None
    directory_exists: bool | None = None
    sort_by: Literal[
        "created_at", "started_at", "completed_at", "updated_at", "status", "progress", "task_name"
    ] = "created_at"
    sort_order: Literal["asc", "desc"] = "desc"
    page: int | None = Field(default=None, ge=1, le=1_000_000)
    page_size: int | None = Field(default=None, ge=1)
    limit: int | None = Field(default=None, ge=1)
    offset: int | None = Field(default=None, ge=0, le=100_000_000)

    @field_validator("page_size", "limit")
    @classmethod
    def _clamp(cls, value: int | None) -> int | None:
        """Over MAX_PAGE is clamped, as the original did, not refused."""
        return min(value, MAX_PAGE) if value is not None else None

    @field_validator("created_from", "created_to")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return naive_utc(value) if value else None

    @field_validator("status")
    @classmethod
    def _statuses(cls, value: str | None) -> str | None:
        for status in (value or "").split(","):
            name = status.strip()
            if name and name not in TaskStatus.__members__ and name not in STATUS_ALIASES:
                raise ValueError(f"未知的任务状态: {name}")
        return value

    def statuses(self) -> list[str] | None:
        names = [s.strip() for s in (self.status or "").split(",") if s.strip()]
        return [STATUS_ALIASES.get(n, n) for n in names] or None

    def window(self) -> tuple[int, int]:
        """(limit, offset): page/page_size when either is given, else limit/offset."""
        if self.page is not None or self.page_size is not None:
            size = self.page_size or 20
            return size, ((self.page or 1) - 1) * size
        return self.limit or 50, self.offset or 0


class LogQuery(BaseModel):
    limit: int = Field(default=100, ge=1, le=1000)
    level: str | None = None
    step: str | None = Field(default=None, max_length=50)
    after_id: int | None = Field(default=None, ge=0, le=2**31 - 1)
    q: str | None = Field(default=None, max_length=200)

    @field_validator("level")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.upper() not in LEVELS:
            raise ValueError(f"日志级别必须是 {', '.join(LEVELS)} 之一")
        return value.upper()
