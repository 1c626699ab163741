"""Typed errors, each with a stable error_code and the HTTP status the gateway answers with."""

from typing import Any, ClassVar


class DomainError(Exception):
    error_code: ClassVar[str] = "INTERNAL_ERROR"
    http_status: ClassVar[int] = 500
    default_message: ClassVar[str] = "系统内部错误"

    def __init__(self, message: str | None = None, **data: Any) -> None:
        self.message = message or self.default_message
        self.data = data
        super().__init__(self.message)


class ValidationFailed(DomainError):
    error_code = "VALIDATION_ERROR"
    http_status = 400
    default_message = "请求参数错误"


class MissingParams(DomainError):
    error_code = "MISSING_PARAMS"
    http_status = 400
    default_message = "缺少必需参数"

    def __init__(self, missing: list[str], message: str | None = None) -> None:
        super().__init__(message or f"缺少必需参数: {', '.join(missing)}", missing_params=missing)
        self.missing = missing


class ConfirmRequired(DomainError):
    error_code = "CONFIRM_REQUIRED"
    http_status = 400
    default_message = "删除操作需要 confirm=true"


class InvalidPath(DomainError):
    error_code = "INVALID_PATH"
    http_status = 400
    default_message = "非法路径"


class PayloadTooLarge(DomainError):
    error_code = "PAYLOAD_TOO_LARGE"
    http_status = 413
    default_message = "请求体过大"


class Unauthorized(DomainError):
    error_code = "UNAUTHORIZED"
    http_status = 401
    default_message = "未认证"


class Forbidden(DomainError):
    error_code = "FORBIDDEN"
    http_status = 403
    default_message = "权限不足"


class TaskNotFound(DomainError):
    error_code = "TASK_NOT_FOUND"
    http_status = 404
    default_message = "任务不存在"

    def __init__(self, task_id: str) -> None:
        super().__init__(f"任务不存在: {task_id}", task_id=task_id)


class FileNotFound(DomainError):
    error_code = "FILE_NOT_FOUND"
    http_status = 404
    default_message = "文件不存在"


class TaskRunning(DomainError):
    error_code = "TASK_RUNNING"
    http_status = 409
    default_message = "任务正在运行中"

    def __init__(self, task_id: str, current_status: str, message: str | None = None) -> None:
        super().__init__(message, task_id=task_id, current_status=current_status)


class StepDependency(DomainError):
    error_code = "STEP_DEPENDENCY"
    http_status = 409
    default_message = "前置步骤未完成"


class IdempotencyConflict(DomainError):
    error_code = "IDEMPOTENCY_CONFLICT"
    http_status = 409
    default_message = "相同 Idempotency-Key 的请求正在处理或内容不同"


class StepFailed(DomainError):
    """Raised inside a step: the step's own, expected failure (recorded, not a crash)."""

    error_code = "STEP_FAILED"
    http_status = 500
    default_message = "步骤执行失败"


class ExecutionFailedError(DomainError):
    """An execution's outcome: a step failed (the command is failed, the error is the step's)."""

    error_code = "EXECUTION_FAILED"
    http_status = 500
    default_message = "执行失败"


class ExecutionCancelledError(DomainError):
    error_code = "EXECUTION_CANCELLED"
    http_status = 409
    default_message = "执行已取消"


class ExecutionLostError(DomainError):
    """The janitor declared the execution lost (stale heartbeat); this executor stopped it."""

    error_code = "EXECUTION_LOST"
    http_status = 500
    default_message = "执行已失联"


class LLMError(DomainError):
    """The LLM endpoint failed or answered something that is not the requested JSON."""

    error_code = "LLM_ERROR"
    http_status = 502
    default_message = "大模型调用失败"


class EmbeddingError(DomainError):
    """The embedding endpoint failed, or answered vectors of the wrong count or dimension."""

    error_code = "EMBEDDING_ERROR"
    http_status = 502
    default_message = "向量嵌入调用失败"


class VectorStoreError(DomainError):
    """The vector database cannot be used (no pgvector, cannot connect, backup failed)."""

    error_code = "VECTOR_STORE_ERROR"
    http_status = 503
    default_message = "向量数据库不可用"


class NoActiveExecution(DomainError):
    """Cancel asked for a task that has no queued or running execution."""

    error_code = "NO_ACTIVE_EXECUTION"
    http_status = 409
    default_message = "任务当前没有正在执行的步骤"


class CancelTimeout(DomainError):
    """A forced delete asked the running execution to stop, and it did not stop in time."""

    error_code = "CANCEL_TIMEOUT"
    http_status = 409
    default_message = "任务未能在限定时间内停止,无法删除"


class CommandNotFound(DomainError):
    error_code = "COMMAND_NOT_FOUND"
    http_status = 404
    default_message = "命令不存在"


class DeleteFailed(DomainError):
    """The file system refused to remove a task directory (permissions, busy files)."""

    error_code = "DELETE_FAILED"
    http_status = 500
    default_message = "删除操作失败"


class IdempotencyMismatch(DomainError):
    """The same Idempotency-Key came back with a different request (method, path or body)."""

    error_code = "IDEMPOTENCY_CONFLICT"
    http_status = 422
    default_message = "Idempotency-Key 已用于内容不同的请求"


class NoActiveTask(DomainError):
    """GET /tasks/active when no task is running or completed."""

    error_code = "TASK_NOT_FOUND"
    http_status = 404
    default_message = "当前没有运行中或已完成的任务"


class VectorBusy(DomainError):
    """Another backup, restore, truncate or training_load holds the vector store's lock."""

    error_code = "VECTOR_BUSY"
    http_status = 409
    default_message = "向量库正在执行其他操作"


class BackupNotFound(DomainError):
    error_code = "BACKUP_NOT_FOUND"
    http_status = 404
    default_message = "备份文件不存在"


class RestoreConflict(DomainError):
    """Rows of the backup already exist in the store and on_conflict is "fail"."""

    error_code = "RESTORE_CONFLICT"
    http_status = 409
    default_message = "备份中的记录已存在于向量库"


class RestoreFailed(DomainError):
    """The restore was rolled back: the backup does not fit the store (format, FK, counts)."""

    error_code = "RESTORE_FAILED"
    http_status = 422
    default_message = "恢复失败，已回滚"


class TrainingDataNotFound(DomainError):
    error_code = "TRAINING_DATA_NOT_FOUND"
    http_status = 404
    default_message = "训练数据不存在"


class ServiceTimeout(DomainError):
    """The executor did not answer an RPC read in time (or is not running)."""

    error_code = "SERVICE_TIMEOUT"
    http_status = 504
    default_message = "服务未在限定时间内响应"


class BrokerUnavailable(DomainError):
    """A read that needs the executor could not be sent: RabbitMQ is unreachable."""

    error_code = "BROKER_UNAVAILABLE"
    http_status = 503
    default_message = "消息服务不可用"


class DatabaseNotAllowed(DomainError):
    """A db_connection outside DP_BUSINESS_DATABASE_ALLOW, the app/vector/template databases,
    or with options that make the executor read its own files (passfile, sslrootcert...)."""

    error_code = "DATABASE_NOT_ALLOWED"
    http_status = 400
    default_message = "不允许连接该数据库"


class UnsupportedMediaType(DomainError):
    """A body in another content type than the endpoint takes (JSON only as application/json)."""

    error_code = "UNSUPPORTED_MEDIA_TYPE"
    http_status = 415
    default_message = "不支持的请求内容类型"


class HostNotAllowed(DomainError):
    """The Host header names no host of DP_ALLOWED_HOSTS (DNS rebinding)."""

    error_code = "HOST_NOT_ALLOWED"
    http_status = 400
    default_message = "不允许的 Host"


# --- the console: table inspector and pair review ---------------------------------------


class BusinessDbUnavailable(DomainError):
    error_code = "BUSINESS_DB_UNAVAILABLE"
    http_status = 502
    default_message = "无法连接业务数据库"


class TableNotFound(DomainError):
    error_code = "TABLE_NOT_FOUND"
    http_status = 404
    default_message = "表不存在"


class PairNotFound(DomainError):
    error_code = "PAIR_NOT_FOUND"
    http_status = 404
    default_message = "问答对不存在"


class PairConflict(DomainError):
    error_code = "PAIR_CONFLICT"
    http_status = 409
    default_message = "问答对文件已被修改，请刷新后重试"


class PreconditionRequired(DomainError):
    error_code = "PRECONDITION_REQUIRED"
    http_status = 428
    default_message = "需要 If-Match 请求头（问答对文件的 ETag）"


class AttemptsExhausted(DomainError):
    """Its executor stopped answering on every attempt (DP_MAX_ATTEMPTS)."""

    error_code = "EXECUTION_LOST"
    http_status = 500
    default_message = "执行已丢失,重试次数已用尽"


class CommandLost(DomainError):
    """A queued execution's command reached no executor, even after being sent again."""

    error_code = "COMMAND_LOST"
    http_status = 500
    default_message = "执行命令未送达执行器,已放弃"


class ServiceUnavailable(DomainError):
    """A dependency (the database) is down: retry later."""

    error_code = "SERVICE_UNAVAILABLE"
    http_status = 503
    default_message = "服务暂时不可用,请稍后重试"
