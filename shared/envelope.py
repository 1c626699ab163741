"""The response envelope shared by the HTTP API and AMQP replies."""

from typing import Any

from shared.errors import DomainError


def ok(code: int, message: str, data: Any = None) -> dict[str, Any]:
    return {"success": True, "code": code, "message": message, "data": data}


def failure(exc: DomainError) -> dict[str, Any]:
    envelope: dict[str, Any] = {
        "success": False,
        "code": exc.http_status,
        "message": exc.message,
        "error_code": exc.error_code,
        "data": exc.data or None,
    }
    if "missing_params" in exc.data:
        envelope["missing_params"] = exc.data["missing_params"]
    return envelope
