"""The one short view of an execution, answered by the gateway (202) and the executor (replies)."""

from typing import Any

from shared.clock import iso
from shared.records import ExecutionRecord


def execution_brief(e: ExecutionRecord) -> dict[str, Any]:
    return {
        "execution_id": e.execution_id,
        "task_id": e.task_id,
        "step": e.step,
        "status": e.status,
        "queued_at": iso(e.queued_at),
        "started_at": iso(e.started_at),  # null until an executor claims it
    }
