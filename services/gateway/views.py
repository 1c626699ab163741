"""Read models -> response dicts (the API's field names, ISO times, secrets masked)."""

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from shared.clock import iso
from shared.execution_view import execution_brief
from shared.models import COMPLETE, FINAL_EXECUTION, FINAL_TASK, STEP_ORDER
from shared.records import ExecutionRecord, LogRecord, TaskRecord
from shared.secrets import mask_text, mask_tree

API_BASE = "/api/v0/data_pipeline"


def iso_text(value: str | None) -> str | None:
    """A timestamp stored as text in JSONB (naive UTC ISO) in the API's format."""
    return iso(datetime.fromisoformat(value)) if value else None


def iso_mtime(timestamp: float) -> str:
    """A file's mtime in the API's time format."""
    return iso(datetime.fromtimestamp(timestamp, UTC)) or ""


def ordered_steps(step_status: dict[str, str]) -> dict[str, str]:
    """Steps in workflow order (JSONB does not keep key order)."""
    return {s.value: step_status.get(s.value, "pending") for s in STEP_ORDER}


def task_summary(t: TaskRecord) -> dict[str, Any]:
    return {
        "task_id": t.id,
        "task_name": t.task_name,
        "task_type": t.task_type,
        "status": t.status,
        "is_final": t.status in FINAL_TASK,
        "progress": t.progress,
        "step_status": ordered_steps(t.step_status),
        "created_at": iso(t.created_at),
        "started_at": iso(t.started_at),
        "completed_at": iso(t.completed_at),
        "created_by": t.created_by,
        "db_name": t.db_name,
        "business_context": mask_text(t.business_context) if t.business_context else None,
        "directory_exists": t.directory_exists,
        "updated_at": iso(t.updated_at),
    }


def running_step(t: TaskRecord) -> str | None:
    return next((s.value for s in STEP_ORDER if t.step_status.get(s.value) == "running"), None)


def current_execution(t: TaskRecord, e: ExecutionRecord | None) -> dict[str, Any] | None:
    """The active execution; in complete mode `step` is the step running now (scope complete)."""
    if e is None:
        return None
    whole = e.step == COMPLETE
    return {
        "execution_id": e.execution_id,
        "step": running_step(t) if whole else e.step,
        "scope": "complete" if whole else "step",
        "status": e.status,
        "started_at": iso(e.started_at),
        "progress": e.progress,
    }


def _step(t: TaskRecord, step: str, runs: list[ExecutionRecord]) -> dict[str, Any]:
    """The step's own last run (step_runs), else its last single-step execution (older rows)."""
    own = t.step_runs.get(step)
    if own is None:
        last = next((e for e in reversed(runs) if e.step == step), None)
        own = {
            "execution_id": last.execution_id if last else None,
            "started_at": iso(last.started_at) if last else None,
            "completed_at": iso(last.completed_at) if last else None,
            "error_message": last.error_message if last else None,
        }
        seconds = duration(last) if last else None
    else:  # step_runs keep full precision; the API's timestamps stop at the second
        seconds = _seconds(own.get("started_at"), own.get("completed_at"))
    return {
        "step_name": step,
        "step_status": t.step_status.get(step, "pending"),
        "execution_id": own.get("execution_id"),
        "started_at": iso_text(own.get("started_at")),
        "completed_at": iso_text(own.get("completed_at")),
        "duration": seconds,
        "error_message": own.get("error_message"),
    }


def task_detail(
    t: TaskRecord, active: ExecutionRecord | None, runs: list[ExecutionRecord]
) -> dict[str, Any]:
    return {
        **task_summary(t),
        "parameters": mask_tree(t.parameters),
        "output_directory": t.output_directory,
        "error_message": t.error_message,
        "result": mask_tree(t.result) if t.result else None,
        "current_execution": current_execution(t, active),
        "steps": [_step(t, s.value, runs) for s in STEP_ORDER],
    }


def _elapsed(started: datetime | None, completed: datetime | None) -> float | None:
    """Seconds to the millisecond; None until both ends are known."""
    if started is None or completed is None:
        return None
    return round((completed - started).total_seconds(), 3)


def duration(e: ExecutionRecord) -> float | None:
    return _elapsed(e.started_at, e.completed_at)


def _seconds(started: str | None, completed: str | None) -> float | None:
    """A step run's duration from its stored ISO times (None while it runs)."""
    return _elapsed(
        datetime.fromisoformat(started) if started else None,
        datetime.fromisoformat(completed) if completed else None,
    )


def execution(e: ExecutionRecord) -> dict[str, Any]:
    return {
        "execution_id": e.execution_id,
        "step": e.step,
        "status": e.status,
        "is_final": e.status in FINAL_EXECUTION,
        "queued_at": iso(e.queued_at),
        "started_at": iso(e.started_at),
        "completed_at": iso(e.completed_at),
        "duration": duration(e),
        "force_executed": e.force_executed,
        "files_cleaned": e.files_cleaned,
        "error_message": e.error_message,
        "progress": e.progress,
        "attempt": e.attempt,
        "worker_id": e.worker_id,
    }


def queued(e: ExecutionRecord) -> dict[str, Any]:
    return execution_brief(e)


def log_entry(r: LogRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "timestamp": iso(r.timestamp),
        "level": r.log_level,
        "step_name": r.step,
        "message": r.message,
        "execution_id": r.execution_id,
    }


def download_url(task_id: str, name: str) -> str:
    return f"{API_BASE}/tasks/{task_id}/files/download/{quote(name, safe='')}"
