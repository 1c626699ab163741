"""The base of every typed error: a stable error_code whose HTTP status is in the registry."""

from typing import Any, ClassVar

from shared.errors.registry import HTTP_STATUS


class DomainError(Exception):
    error_code: ClassVar[str] = "INTERNAL_ERROR"
    http_status: ClassVar[int] = 500
    default_message: ClassVar[str] = "系统内部错误"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.error_code not in HTTP_STATUS:
            raise TypeError(f"{cls.__name__}: {cls.error_code} is not in shared/errors/registry.py")
        cls.http_status = HTTP_STATUS[cls.error_code]

    def __init__(self, message: str | None = None, **data: Any) -> None:
        self.message = message or self.default_message
        self.data = data
        super().__init__(self.message)
