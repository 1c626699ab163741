"""What one sweep found and did (or, in a dry run, would do)."""

from dataclasses import dataclass, field
from typing import Any

from shared.errors import DomainError


@dataclass
class SweepReport:
    job: str
    dry_run: bool
    candidates: int = 0
    actions: list[dict[str, Any]] = field(default_factory=list)
    bytes_freed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    # True when another janitor held this job's lock, so nothing was looked at.
    skipped: bool = False

    def failed(self, task_id: str, exc: DomainError) -> None:
        self.errors.append({"task_id": task_id, "error": exc.message, "error_code": exc.error_code})

    def as_dict(self, duration: float) -> dict[str, Any]:
        return {
            "job": self.job,
            "dry_run": self.dry_run,
            "skipped": self.skipped,
            "candidates": self.candidates,
            "actions": self.actions,
            "bytes_freed": self.bytes_freed,
            "errors": self.errors,
            "details": self.details,
            "duration": round(duration, 3),
        }
