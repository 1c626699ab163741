"""The state of one execution while it runs (the runner's, never the steps')."""

import time
from typing import Any

from services.executor.deps import Deps
from services.executor.tasklog import TaskLog
from shared.models import ExecutionRecord


class Run:
    def __init__(self, deps: Deps, execution: ExecutionRecord, log: TaskLog) -> None:
        self.deps = deps
        self.execution = execution
        self.log = log
        self.stop_reason: str | None = None
        self.results: dict[str, Any] = {}
        self.started = time.monotonic()

    @property
    def task_id(self) -> str:
        return self.execution.task_id
