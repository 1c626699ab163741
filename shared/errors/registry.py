"""Every stable error_code with the HTTP status the gateway answers it with: the one table.

A code is unique; a `DomainError` subclass names its code and takes the status from here
(`shared/errors/base.py`), and a reply that carries only a code (a janitor's batch delete)
finds its status with `http_status_of`.
"""

from types import MappingProxyType

ERRORS: tuple[tuple[str, int], ...] = (
    ("INTERNAL_ERROR", 500),
    # the request
    ("VALIDATION_ERROR", 400),
    ("INVALID_SQL_STATEMENT", 400),
    ("MISSING_PARAMS", 400),
    ("CONFIRM_REQUIRED", 400),
    ("INVALID_PATH", 400),
    ("DATABASE_NOT_ALLOWED", 400),
    ("HOST_NOT_ALLOWED", 400),
    ("UNAUTHORIZED", 401),
    ("FORBIDDEN", 403),
    ("IDEMPOTENCY_CONFLICT", 409),
    ("IDEMPOTENCY_MISMATCH", 422),
    ("PAYLOAD_TOO_LARGE", 413),
    ("UNSUPPORTED_MEDIA_TYPE", 415),
    ("PRECONDITION_REQUIRED", 428),
    # tasks, executions and commands
    ("TASK_NOT_FOUND", 404),
    ("FILE_NOT_FOUND", 404),
    ("COMMAND_NOT_FOUND", 404),
    ("TASK_RUNNING", 409),
    ("STEP_DEPENDENCY", 409),
    ("NO_ACTIVE_EXECUTION", 409),
    ("CANCEL_TIMEOUT", 409),
    ("EXECUTION_CANCELLED", 409),
    ("STEP_FAILED", 500),
    ("EXECUTION_FAILED", 500),
    ("EXECUTION_LOST", 500),
    ("COMMAND_LOST", 500),
    ("DELETE_FAILED", 500),
    # the vector store and the console
    ("VECTOR_BUSY", 409),
    ("BACKUP_NOT_FOUND", 404),
    ("RESTORE_CONFLICT", 409),
    ("RESTORE_FAILED", 422),
    ("TRAINING_DATA_NOT_FOUND", 404),
    ("TABLE_NOT_FOUND", 404),
    ("PAIR_NOT_FOUND", 404),
    ("PAIR_CONFLICT", 409),
    # dependencies
    ("LLM_ERROR", 502),
    ("EMBEDDING_ERROR", 502),
    ("BUSINESS_DB_UNAVAILABLE", 502),
    ("VECTOR_STORE_ERROR", 503),
    ("BROKER_UNAVAILABLE", 503),
    ("SERVICE_UNAVAILABLE", 503),
    ("SERVICE_TIMEOUT", 504),
)

HTTP_STATUS = MappingProxyType(dict(ERRORS))


def http_status_of(error_code: str) -> int:
    """The HTTP status of a stable error_code (500 for a code this table does not know)."""
    return HTTP_STATUS.get(error_code, 500)
