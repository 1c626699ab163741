"""Bodies of the original's advanced queries: POST /tasks/query and POST /tasks/{id}/logs/query.

Times without an offset are local time (DP_TIMEZONE), as the documents write them."""

from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from services.gateway.schemas import MAX_PAGE, STATUS_ALIASES, Body
from shared.clock import naive_utc
from shared.db.logs import LEVELS, LogSearch
from shared.db.task_listing import TaskFilter
from shared.models import TaskStatus
from shared.paging import PageWindow

MAX_LOG_PAGE = 500


class TaskQueryBody(PageWindow, Body):
    page: int = Field(default=1, ge=1, le=1_000_000)
    page_size: int = Field(default=20, ge=1)
    status: list[str] | str | None = None
    task_name: str | None = Field(default=None, max_length=100)
    created_by: str | None = Field(default=None, max_length=50)
    db_name: str | None = Field(default=None, max_length=100)
    created_time_start: datetime | None = None
    created_time_end: datetime | None = None
    started_time_start: datetime | None = None
    started_time_end: datetime | None = None
    completed_time_start: datetime | None = None
    completed_time_end: datetime | None = None
    sort_by: Literal[
        "created_at", "started_at", "completed_at", "updated_at", "status", "progress", "task_name"
    ] = "created_at"
    sort_order: Literal["asc", "desc"] = "desc"

    @field_validator("page_size")
    @classmethod
    def _clamp(cls, value: int) -> int:
        return min(value, MAX_PAGE)

    @field_validator("status")
    @classmethod
    def _statuses(cls, value: list[str] | str | None) -> list[str] | None:
        names = value.split(",") if isinstance(value, str) else (value or [])
        statuses = [n.strip() for n in names if n.strip()]
        for name in statuses:
            if name not in TaskStatus.__members__ and name not in STATUS_ALIASES:
                raise ValueError(f"未知的任务状态: {name}")
        return [STATUS_ALIASES.get(n, n) for n in statuses] or None

    @field_validator("*", mode="after")
    @classmethod
    def _times(cls, value: object) -> object:
        return naive_utc(value) if isinstance(value, datetime) else value

    def task_filter(self) -> TaskFilter:
        return TaskFilter(
            status=self.status if isinstance(self.status, list) else None,
            db_name=self.db_name,
            created_by=self.created_by,
            task_name=self.task_name,
            created_from=self.created_time_start,
            created_to=self.created_time_end,
            started_from=self.started_time_start,
            started_to=self.started_time_end,
            completed_from=self.completed_time_start,
            completed_to=self.completed_time_end,
            sort_by=self.sort_by,
            descending=self.descending,
            limit=self.limit,
            offset=self.offset,
        )


class LogQueryBody(PageWindow, Body):
    page: int = Field(default=1, ge=1, le=1_000_000)
    page_size: int = Field(default=50, ge=1, le=MAX_LOG_PAGE)
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    keyword: str | None = Field(default=None, max_length=200)
    step_name: str | None = Field(default=None, max_length=50)
    sort_by: Literal["timestamp", "level", "step_name", "id"] = "timestamp"
    sort_order: Literal["asc", "desc"] = "desc"

    @field_validator("level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) and value.upper() in LEVELS else value

    @field_validator("start_time", "end_time")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return naive_utc(value) if value else None

    def search(self) -> LogSearch:
        return LogSearch(
            level=self.level,
            step=self.step_name,
            keyword=self.keyword or None,
            start=self.start_time,
            end=self.end_time,
            sort_by=self.sort_by,
            descending=self.descending,
            limit=self.limit,
            offset=self.offset,
        )
