"""What a step gets: the task, its paths, connections, log, progress and output registry."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from services.executor.source_db import SourceDb
from services.executor.tasklog import TaskLog
from shared.config import Settings
from shared.models import StepName
from shared.parameters import TaskParameters
from shared.records import TaskRecord
from shared.storage import FileInfo, Storage

ProgressFn = Callable[[float], Awaitable[None]]
RegisterFn = Callable[..., Awaitable[FileInfo]]


@dataclass
class StepContext:
    """One per step run. Steps read from it and write files only through `storage`/`register`."""

    task: TaskRecord
    params: TaskParameters
    step: StepName
    execution_id: str
    settings: Settings
    storage: Storage
    pool: asyncpg.Pool  # the app DB (task tables)
    source: SourceDb  # the business DB, read-only use
    log: TaskLog
    report_progress: ProgressFn  # fraction 0..1 of this step
    # (name, *, description=None, primary=False, info=None) -> FileInfo
    register_output: RegisterFn
    options: dict[str, Any] = field(default_factory=dict)  # execute-request options
    results: dict[str, Any] = field(default_factory=dict)  # earlier steps' results, this run

    @property
    def task_id(self) -> str:
        return self.task.id

    @property
    def db_name(self) -> str:
        return self.params.resolved_db_name(self.source.masked) or "database"

    async def write_text(
        self, name: str, text: str, *, description: str | None = None, primary: bool = False
    ) -> FileInfo:
        """Writes a file atomically and registers it as this step's output."""
        info = await self.storage.write_text(self.task_id, name, text)
        return await self.register_output(name, description=description, primary=primary, info=info)

    async def write_json(
        self, name: str, value: Any, *, description: str | None = None, primary: bool = False
    ) -> FileInfo:
        info = await self.storage.write_json(self.task_id, name, value)
        return await self.register_output(name, description=description, primary=primary, info=info)
