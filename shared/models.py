"""Vocabulary of the domain: steps, their order and bands, statuses, task ids (the read models
are in `shared/records.py`)."""

from datetime import datetime
from enum import StrEnum
from typing import Final, Literal


class StepName(StrEnum):
    ddl_generation = "ddl_generation"
    qa_generation = "qa_generation"
    sql_validation = "sql_validation"
    training_load = "training_load"


STEP_ORDER: tuple[StepName, ...] = tuple(StepName)
COMPLETE: Final = "complete"  # execution_step of a whole-workflow execution
# What one execution runs: one step, or the whole workflow in order.
ExecutionScope = StepName | Literal["complete"]

# Which step must be completed before another may run (unless force_execute).
STEP_REQUIRES: dict[StepName, StepName | None] = {
    StepName.ddl_generation: None,
    StepName.qa_generation: StepName.ddl_generation,
    StepName.sql_validation: StepName.qa_generation,
    StepName.training_load: StepName.ddl_generation,
}

# Overall progress band (start, end) of each step, in percent.
PROGRESS_BANDS: dict[StepName, tuple[int, int]] = {
    StepName.ddl_generation: (0, 40),
    StepName.qa_generation: (40, 70),
    StepName.sql_validation: (70, 90),
    StepName.training_load: (90, 100),
}


class TaskStatus(StrEnum):
    pending = "pending"
    in_progress = "in_progress"
    partial_completed = "partial_completed"
    completed = "completed"
    failed = "failed"
    cancelled = "cancelled"


class StepStatus(StrEnum):
    pending = "pending"
    running = "running"
    completed = "completed"
    failed = "failed"
    cancelled = "cancelled"
    skipped = "skipped"


class CommandStatus(StrEnum):
    """A command's life in data_pipeline_commands: recorded, sent, taken, then one final state."""

    pending = "pending"  # committed by the gateway, not yet confirmed by the broker
    published = "published"
    processing = "processing"  # a consumer took it
    completed = "completed"
    failed = "failed"  # attempted and failed (a failed, cancelled or lost execution too)
    rejected = "rejected"  # refused before anything was done (bad state, busy)


FINAL_COMMAND = frozenset({CommandStatus.completed, CommandStatus.failed, CommandStatus.rejected})


class ExecutionStatus(StrEnum):
    queued = "queued"
    running = "running"
    completed = "completed"
    failed = "failed"
    cancelled = "cancelled"
    lost = "lost"


# States a poller stops on (nothing runs or will run without a new request).
FINAL_TASK = frozenset({TaskStatus.completed, TaskStatus.failed, TaskStatus.cancelled})
FINAL_EXECUTION = frozenset(
    {
        ExecutionStatus.completed,
        ExecutionStatus.failed,
        ExecutionStatus.cancelled,
        ExecutionStatus.lost,
    }
)

# At most one per task (the partial unique index on executions).
ACTIVE_EXECUTION = frozenset({ExecutionStatus.queued, ExecutionStatus.running})

DONE_STEP = (StepStatus.completed, StepStatus.skipped)


# ASCII digits only: \d would also take Arabic-Indic or fullwidth digits (L4).
TASK_ID_PATTERN = r"^task_[0-9]{8}_[0-9]{6}(_[0-9]+)?$"


def task_id_for(now: datetime, clash: int = 0) -> str:
    """task_YYYYMMDD_HHMMSS; a same-second clash gets _2, _3, ..."""
    base = f"task_{now:%Y%m%d_%H%M%S}"
    return base if clash == 0 else f"{base}_{clash + 1}"


def initial_step_status() -> dict[str, str]:
    return {step.value: StepStatus.pending.value for step in STEP_ORDER}


def derive_task_status(step_status: dict[str, str]) -> TaskStatus:
    """Task status from its steps: running wins, then failure, then how much is done."""
    states = [StepStatus(step_status.get(s.value, StepStatus.pending)) for s in STEP_ORDER]
    if StepStatus.running in states:
        return TaskStatus.in_progress
    if StepStatus.failed in states:
        return TaskStatus.failed
    if StepStatus.cancelled in states:
        return TaskStatus.cancelled
    if all(s in DONE_STEP for s in states):
        return TaskStatus.completed
    if any(s in DONE_STEP for s in states):
        return TaskStatus.partial_completed
    return TaskStatus.pending


def band_progress(step: StepName, fraction: float) -> int:
    start, end = PROGRESS_BANDS[step]
    return round(start + (end - start) * min(max(fraction, 0.0), 1.0))
