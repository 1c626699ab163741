"""One validated pair: where it sits in the pair file, its check result and its repair trail."""

from dataclasses import dataclass, field
from typing import Any

from services.executor.query_run import QueryRun


@dataclass
class Check:
    valid: bool
    error: str | None = None
    execution_time: float = 0.0
    retries: int = 0
    connection_error: bool = False  # the DB could not be reached: validity unknown


@dataclass
class SqlRecord:
    index: int  # 0-based position in the pair file, counting malformed items too
    question: str
    sql: str
    valid: bool = False
    error_message: str | None = None
    execution_time: float = 0.0
    retry_count: int = 0
    connection_error: bool = False
    repair_attempted: bool = False
    repair_successful: bool = False
    repaired_sql: str | None = None
    repair_error: str | None = None
    repair_attempts: list[dict[str, Any]] = field(default_factory=list)
    rows_returned: int | None = None  # by the execution check (at most ROW_LIMIT), None: not run
    run_time: float = 0.0
    dropped_empty: bool = False
    early_run: QueryRun | None = None  # run while validating (direct_run.py): not run again

    @property
    def effective_sql(self) -> str:
        return self.repaired_sql if self.repair_successful and self.repaired_sql else self.sql

    def apply(self, check: Check) -> None:
        self.valid, self.error_message = check.valid, check.error
        self.execution_time, self.retry_count = check.execution_time, check.retries
        self.connection_error = check.connection_error

    @property
    def deletable(self) -> bool:
        """Known invalid and not repaired (never an item we could not check)."""
        return (not self.valid and not self.connection_error) or self.dropped_empty

    def detail(self) -> dict[str, Any]:
        """The report's per-item shape (1-based index into the pair file)."""
        return {
            "index": self.index + 1,
            "question": self.question,
            "sql": self.sql,
            "valid": self.valid,
            "error_message": self.error_message,
            "execution_time": round(self.execution_time, 4),
            "retry_count": self.retry_count,
            "repair_attempted": self.repair_attempted,
            "repair_successful": self.repair_successful,
            "repaired_sql": self.repaired_sql,
            "repair_error": self.repair_error,
            "repair_attempts": self.repair_attempts,
            "rows_returned": self.rows_returned,
            "run_time": round(self.run_time, 4),
            "empty_result": self.rows_returned == 0,
        }
