"""Building blocks of the OpenAPI `data` schemas: JSON types, objects with the keys an answer
always carries, and the shapes more than one endpoint answers (tasks, executions, pages)."""

from typing import Any

from shared.models import (
    TASK_ID_PATTERN,
    CommandStatus,
    ExecutionStatus,
    StepName,
    StepStatus,
    TaskStatus,
)

Schema = dict[str, Any]
S: Schema = {"type": "string"}
INT: Schema = {"type": "integer"}
N: Schema = {"type": "number"}
B: Schema = {"type": "boolean"}
OBJ: Schema = {"type": "object"}
ANY: Schema = {}


def null(schema: Schema) -> Schema:
    """The schema or JSON null."""
    return {"anyOf": [schema, {"type": "null"}]}


def arr(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def enum(values: type) -> Schema:
    return {"type": "string", "enum": [v.value for v in values]}  # type: ignore[attr-defined]


def obj(required: dict[str, Schema], optional: dict[str, Schema] | None = None) -> Schema:
    """An object that always has the `required` keys (others may follow)."""
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
    }


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


NS, NI, NN, NB = null(S), null(INT), null(N), null(B)
TASK_ID: Schema = {"type": "string", "pattern": TASK_ID_PATTERN}
TIME = NS  # ISO 8601 or null
STEPS: Schema = {
    "type": "object",
    "required": [s.value for s in StepName],
    "additionalProperties": enum(StepStatus),
}
PERCENT: Schema = {"type": "integer", "minimum": 0, "maximum": 100}

_SUMMARY: dict[str, Schema] = {
    "task_id": TASK_ID,
    "task_name": NS,
    "task_type": S,
    "status": enum(TaskStatus),
    "is_final": B,
    "progress": PERCENT,
    "step_status": STEPS,
    "created_at": TIME,
    "started_at": TIME,
    "completed_at": TIME,
    "created_by": NS,
    "db_name": NS,
    "business_context": NS,
    "directory_exists": B,
    "updated_at": TIME,
}
CREATED: dict[str, Schema] = {
    "task_id": TASK_ID,
    "task_name": NS,
    "status": enum(TaskStatus),
    "output_directory": NS,
    "step_status": STEPS,
    "created_at": TIME,
}
EXECUTION: dict[str, Schema] = {
    "execution_id": S,
    "step": S,
    "status": enum(ExecutionStatus),
    "queued_at": TIME,
    "started_at": TIME,
}

SHARED: dict[str, Schema] = {
    "Pagination": obj(
        {
            "page": INT,
            "page_size": INT,
            "total": INT,
            "total_pages": INT,
            "has_next": B,
            "has_prev": B,
        }
    ),
    "TaskSummary": obj(_SUMMARY),
    "TaskDetail": obj(
        {
            **_SUMMARY,
            "parameters": OBJ,
            "output_directory": NS,
            "error_message": NS,
            "result": null(OBJ),
            "current_execution": null(
                obj(
                    {
                        "execution_id": S,
                        "step": NS,
                        "scope": {"enum": ["complete", "step"]},
                        "status": enum(ExecutionStatus),
                        "started_at": TIME,
                        "progress": null(PERCENT),
                    }
                )
            ),
            "steps": arr(
                obj(
                    {
                        "step_name": enum(StepName),
                        "step_status": enum(StepStatus),
                        "execution_id": NS,
                        "started_at": TIME,
                        "completed_at": TIME,
                        "duration": NN,
                        "error_message": NS,
                    }
                )
            ),
        }
    ),
    "TaskCreated": obj(CREATED, {"file_upload_mode": B, "next_step": S}),
    "ExecutionBrief": obj({**EXECUTION, "task_id": TASK_ID}),
    "Execution": obj(
        {
            **EXECUTION,
            "is_final": B,
            "completed_at": TIME,
            "duration": NN,
            "force_executed": B,
            "files_cleaned": B,
            "error_message": NS,
            "progress": null(PERCENT),
            "attempt": INT,
            "worker_id": NS,
        }
    ),
    "LogEntry": obj(
        {
            "id": INT,
            "timestamp": TIME,
            "level": S,
            "step_name": NS,
            "message": S,
            "execution_id": NS,
        }
    ),
    # A recorded command not final within the wait: poll GET /commands/{command_id}.
    "Processing": obj({"command_id": S, "status": enum(CommandStatus), "status_url": S}),
}
