"""Each JSON operation's `data` model in the OpenAPI document, keyed by (method, route path):
what the handler (or the executor / janitor answering for it) puts under the envelope's data."""

from services.gateway.openapi_shapes import (
    ANY,
    CREATED,
    EXECUTION,
    INT,
    NB,
    NI,
    NS,
    OBJ,
    SHARED,
    B,
    S,
    Schema,
    arr,
    null,
    obj,
    ref,
)
from services.gateway.openapi_vector import VECTOR_DATA, VECTOR_SCHEMAS
from services.gateway.views import API_BASE

TASK = f"{API_BASE}/tasks/{{task_id}}"
_TASK_ID = {"task_id": S}
_TABLE_LIST = {
    **_TASK_ID,
    "filename": S,
    "file_size": INT,
    "table_count": INT,
    "table_names": arr(S),
    "upload_time": S,
}
_PAIR = {
    "index": INT,
    "question": NS,
    "sql": NS,
    "pair_key": NS,
    "valid": NB,
    "error": NS,
    "row_count": NI,
}

SCHEMAS: dict[str, Schema] = {
    **SHARED,
    **VECTOR_SCHEMAS,
    "TaskList": obj(
        {
            "tasks": arr(ref("TaskSummary")),
            "total": INT,
            "limit": INT,
            "offset": INT,
            "pagination": ref("Pagination"),
        }
    ),
    "TaskQuery": obj(
        {
            "tasks": arr(ref("TaskSummary")),
            "pagination": ref("Pagination"),
            "filters_applied": OBJ,
            "sort_applied": obj({"sort_by": S, "sort_order": S}),
            "query_time": S,
        }
    ),
    # The created task with its queued execution (status is the execution's).
    "TaskCreatedAndQueued": obj({**CREATED, **EXECUTION}, {"file_upload_mode": B, "next_step": S}),
    "Executions": obj({**_TASK_ID, "executions": arr(ref("Execution"))}),
    "Logs": obj({**_TASK_ID, "logs": arr(ref("LogEntry")), "next_after_id": NI}),
    "LogQuery": obj(
        {
            **_TASK_ID,
            "logs": arr(ref("LogEntry")),
            "pagination": ref("Pagination"),
            "query_time": S,
        }
    ),
    "Files": obj(
        {
            **_TASK_ID,
            "directory_exists": B,
            "files": arr(
                obj(
                    {
                        "file_name": S,
                        "file_type": S,
                        "file_size": INT,
                        "content_hash": S,
                        "is_primary": B,
                        "step_name": NS,
                        "description": NS,
                        "modified_at": S,
                        "download_url": S,
                    }
                )
            ),
        }
    ),
    "FileUploaded": obj(
        {**_TASK_ID, "skipped": B, "uploaded_file": obj({"filename": S, "existed": B})},
        {"backup_info": obj({"backup_filename": S, "backup_version": INT})},
    ),
    "TableListSaved": obj(_TABLE_LIST),
    "TableListInfo": obj(
        {**_TASK_ID, "has_file": B, "file_name": S},
        {"file_size": INT, "table_count": INT, "table_names": arr(S), "uploaded_at": S},
    ),
    "CancelAccepted": obj(
        {
            "command_id": S,
            **_TASK_ID,
            "execution_id": S,
            "step": S,
            "status": S,
            "status_url": S,
        }
    ),
    # The janitor's answer (one task: that task's deletion; a batch: per task), or Processing.
    "TaskDeleted": {"anyOf": [obj({**_TASK_ID, "deleted_at": S}), ref("Processing")]},
    "TasksDeleted": {
        "anyOf": [
            obj(
                {
                    "deleted_tasks": arr(obj(_TASK_ID)),
                    "failed_tasks": arr(obj(_TASK_ID)),
                    "summary": obj(
                        {"total_requested": INT, "successfully_deleted": INT, "failed": INT}
                    ),
                    "deleted_at": S,
                }
            ),
            ref("Processing"),
        ]
    },
    "Command": obj(
        {
            "command_id": S,
            "command_type": S,
            "task_id": NS,
            "status": S,
            "issued_by": NS,
            "source": NS,
            "error_code": NS,
            "created_at": NS,
            "completed_at": NS,
            "result": null(OBJ),
            "progress": ANY,
        }
    ),
    "Pairs": obj(
        {
            **_TASK_ID,
            "pair_file": S,
            "etag": S,
            "pairs": arr(obj({**_PAIR, "review_state": NS, "reviewed_by": NS})),
            "summary": obj(dict.fromkeys(("total", "valid", "invalid", "unchecked"), INT)),
        }
    ),
    "PairEdited": obj({**_PAIR, "etag": S}),
    "Reviewed": obj({**_TASK_ID, "indexes": arr(INT), "state": S}),
    "Health": obj({"status": S}),
    "Ready": obj({"database": B, "broker": B}),
}

DATA: dict[tuple[str, str], Schema | str] = {
    ("POST", f"{API_BASE}/tasks"): "TaskCreated",
    ("GET", f"{API_BASE}/tasks"): "TaskList",
    ("GET", f"{API_BASE}/tasks/active"): "TaskDetail",
    ("POST", f"{API_BASE}/tasks/query"): "TaskQuery",
    ("POST", f"{API_BASE}/tasks/execute-complete"): "TaskCreatedAndQueued",
    ("GET", TASK): "TaskDetail",
    ("POST", f"{TASK}/execute"): "ExecutionBrief",
    ("GET", f"{TASK}/executions"): "Executions",
    ("GET", f"{TASK}/logs"): "Logs",
    ("POST", f"{TASK}/logs/query"): "LogQuery",
    ("GET", f"{TASK}/files"): "Files",
    ("POST", f"{TASK}/files"): "FileUploaded",
    ("POST", f"{TASK}/upload-table-list"): "TableListSaved",
    ("POST", f"{TASK}/table-list"): "TableListSaved",
    ("GET", f"{TASK}/table-list-info"): "TableListInfo",
    ("POST", f"{TASK}/cancel"): "CancelAccepted",
    ("DELETE", f"{API_BASE}/tasks"): "TasksDeleted",
    ("DELETE", TASK): "TaskDeleted",
    ("GET", f"{API_BASE}/commands/{{command_id}}"): "Command",
    ("GET", f"{TASK}/pairs"): "Pairs",
    ("POST", f"{TASK}/pairs/review"): "Reviewed",
    ("PATCH", f"{TASK}/pairs/{{index}}"): "PairEdited",
    ("POST", f"{TASK}/pairs/{{index}}/review"): "Reviewed",
    ("GET", "/healthz"): "Health",
    ("GET", "/readyz"): "Ready",
    **VECTOR_DATA,
}
