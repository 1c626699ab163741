"""The `data` models of the operations the executor answers: the vector store (backup, restore,
training_data reads and writes) and the console's table inspector. A recorded write not final
within the gateway's short wait answers Processing (202) instead."""

from services.gateway.openapi_shapes import INT, NS, OBJ, B, N, S, Schema, arr, null, obj, ref

VECTOR = "/api/v0/data_pipeline/vector"
TRAINING = "/api/v0/training_data"
DATABASE = "/api/v0/database"
_DOCUMENT = obj({"id": S, "training_data_type": S, "content": S}, {"distance": N})


def _or_processing(name: str) -> Schema:
    return {"anyOf": [ref(name), ref("Processing")]}


VECTOR_SCHEMAS: dict[str, Schema] = {
    "Document": _DOCUMENT,
    "BackupResult": obj(
        {
            "backup_performed": B,
            "backup_directory": S,
            "tables_backed_up": {"type": "object", "additionalProperties": OBJ},
            "timestamp": S,
            "backup_path": S,
        }
    ),
    "BackupSets": obj(
        {
            "backup_locations": arr(obj({"type": S, "backups": arr(OBJ)})),
            "summary": obj(
                {
                    "total_locations": INT,
                    "total_backup_sets": INT,
                    "global_backups": INT,
                    "task_backups": INT,
                }
            ),
        }
    ),
    "RestoreResult": obj(
        {
            "restore_performed": B,
            "truncate_performed": B,
            "backup_info": OBJ,
            "restore_results": {"type": ["object", "array"]},
            "errors": arr({}),
        }
    ),
    "TrainingStats": obj(
        {"total_count": INT, "type_breakdown": OBJ, "type_percentages": OBJ, "by_task": OBJ}
    ),
    "TrainingPage": obj(
        {
            "records": arr(ref("Document")),
            "pagination": obj({"page": INT, "page_size": INT, "total": INT, "total_pages": INT}),
        }
    ),
    "TrainingHits": obj({"question": S, "k": INT, "results": arr(ref("Document"))}),
    "TrainingCreated": obj({"results": arr(OBJ), "summary": OBJ}),
    "TrainingUpdated": obj({"old_id": S, "new_id": S, "duplicate": B}),
    "TrainingDeleted": obj({"deleted_ids": arr(S), "not_found_ids": arr(S), "deleted_count": INT}),
    "TrainingUploaded": obj(
        {
            "file_name": S,
            "training_data_type": S,
            "documents": INT,
            "loaded": INT,
            "skipped_duplicates": INT,
        }
    ),
    "TrainingCombined": obj(
        {
            "dry_run": B,
            "keep": S,
            "duplicate_groups": arr(OBJ),
            "duplicates_found": INT,
            "deleted_count": INT,
        }
    ),
    "TaskTrainingRemoved": obj({"task_id": S, "deleted_count": INT}),
    "Tables": obj(
        {
            "tables": arr(
                obj(
                    {
                        "schema": S,
                        "name": S,
                        "kind": {"enum": ["table", "view", "partitioned"]},
                        "comment": NS,
                        "estimated_rows": null(INT),
                    }
                )
            ),
            "total": INT,
        }
    ),
    "TableDdl": obj({"table": S}, {"ddl": S, "md": S}),
}

VECTOR_DATA: dict[tuple[str, str], Schema | str] = {
    ("POST", f"{VECTOR}/backup"): _or_processing("BackupResult"),
    ("GET", f"{VECTOR}/restore/list"): "BackupSets",
    ("POST", f"{VECTOR}/restore"): _or_processing("RestoreResult"),
    ("GET", f"{TRAINING}/stats"): "TrainingStats",
    ("POST", f"{TRAINING}/query"): "TrainingPage",
    ("POST", f"{TRAINING}/search"): "TrainingHits",
    ("POST", f"{TRAINING}/create"): _or_processing("TrainingCreated"),
    ("POST", f"{TRAINING}/update"): _or_processing("TrainingUpdated"),
    ("POST", f"{TRAINING}/delete"): _or_processing("TrainingDeleted"),
    ("POST", f"{TRAINING}/upload"): _or_processing("TrainingUploaded"),
    ("POST", f"{TRAINING}/combine"): _or_processing("TrainingCombined"),
    ("DELETE", f"{TRAINING}/tasks/{{task_id}}"): _or_processing("TaskTrainingRemoved"),
    ("POST", f"{DATABASE}/tables"): "Tables",
    ("POST", f"{DATABASE}/table/ddl"): "TableDdl",
}
