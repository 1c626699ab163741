"""The response side of the OpenAPI document: every JSON answer is the envelope, errors carry an
error_code; streams, files and metrics declare their own media types."""

from typing import Any

JSON = "application/json"
BEARER = "bearerAuth"
SECURITY = {BEARER: {"type": "http", "scheme": "bearer", "description": "DP_API_TOKENS"}}
_ENVELOPE_FIELDS = {
    "success": {"type": "boolean"},
    "code": {"type": "integer", "minimum": 100, "maximum": 599},
    "message": {"type": "string"},
}
ENVELOPES: dict[str, Any] = {
    "Envelope": {
        "type": "object",
        "required": ["success", "code", "message", "data"],
        "properties": {
            **_ENVELOPE_FIELDS,
            "data": {"type": ["object", "array", "null"]},
        },
    },
    "ErrorEnvelope": {
        "type": "object",
        "required": ["success", "code", "message", "error_code"],
        "properties": {
            **_ENVELOPE_FIELDS,
            "success": {"const": False},
            "error_code": {"type": "string", "pattern": "^[A-Z_]+$"},
            "data": {"type": ["object", "array", "null"]},
        },
    },
}


def _json(schema: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": description, "content": {JSON: {"schema": ref}}}


def _with_data(data: dict[str, Any] | str) -> dict[str, Any]:
    """The envelope whose data is this operation's model (a component's name or a schema)."""
    model = {"$ref": f"#/components/schemas/{data}"} if isinstance(data, str) else data
    envelope = {"$ref": "#/components/schemas/Envelope"}
    schema = {"allOf": [envelope, {"type": "object", "properties": {"data": model}}]}
    return {
        "description": "成功: {success, code, message, data}",
        "content": {JSON: {"schema": schema}},
    }


def responses(produces: str = JSON, data: dict[str, Any] | str | None = None) -> dict[str, Any]:
    if produces != JSON:
        success = {"description": "成功", "content": {produces: {"schema": {}}}}
    elif data is None:
        success = _json("Envelope", "成功: {success, code, message, data}")
    else:
        success = _with_data(data)
    failure = _json("ErrorEnvelope", "失败: {success: false, code, message, error_code}")
    return {"2XX": success, "4XX": failure, "5XX": failure}
