"""Errors in the request itself: its fields, its headers, its credentials (4xx)."""

from shared.errors.base import DomainError


class ValidationFailed(DomainError):
    error_code = "VALIDATION_ERROR"
    default_message = "请求参数错误"


class MissingParams(DomainError):
    error_code = "MISSING_PARAMS"
    default_message = "缺少必需参数"

    def __init__(self, missing: list[str], message: str | None = None) -> None:
        super().__init__(message or f"缺少必需参数: {', '.join(missing)}", missing_params=missing)
        self.missing = missing


class ConfirmRequired(DomainError):
    error_code = "CONFIRM_REQUIRED"
    default_message = "删除操作需要 confirm=true"


class InvalidPath(DomainError):
    error_code = "INVALID_PATH"
    default_message = "非法路径"


class PayloadTooLarge(DomainError):
    error_code = "PAYLOAD_TOO_LARGE"
    default_message = "请求体过大"


class Unauthorized(DomainError):
    error_code = "UNAUTHORIZED"
    default_message = "未认证"


class Forbidden(DomainError):
    error_code = "FORBIDDEN"
    default_message = "权限不足"


class IdempotencyConflict(DomainError):
    error_code = "IDEMPOTENCY_CONFLICT"
    default_message = "相同 Idempotency-Key 的请求正在处理或内容不同"


class IdempotencyMismatch(DomainError):
    """The same Idempotency-Key came back with a different request (method, path or body)."""

    error_code = "IDEMPOTENCY_MISMATCH"
    default_message = "Idempotency-Key 已用于内容不同的请求"


class DatabaseNotAllowed(DomainError):
    """A db_connection outside DP_BUSINESS_DATABASE_ALLOW, the app/vector/template databases,
    or with options that make the executor read its own files (passfile, sslrootcert...)."""

    error_code = "DATABASE_NOT_ALLOWED"
    default_message = "不允许连接该数据库"


class UnsupportedMediaType(DomainError):
    """A body in another content type than the endpoint takes (JSON only as application/json)."""

    error_code = "UNSUPPORTED_MEDIA_TYPE"
    default_message = "不支持的请求内容类型"


class HostNotAllowed(DomainError):
    """The Host header names no host of DP_ALLOWED_HOSTS (DNS rebinding)."""

    error_code = "HOST_NOT_ALLOWED"
    default_message = "不允许的 Host"


class PreconditionRequired(DomainError):
    error_code = "PRECONDITION_REQUIRED"
    default_message = "需要 If-Match 请求头（问答对文件的 ETag）"
