"""GET /api/openapi.json: an OpenAPI 3.1 document from the route table and the request models."""

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from aiohttp import web
from pydantic import BaseModel

from services.gateway.auth import is_open
from services.gateway.openapi_data import DATA, SCHEMAS
from services.gateway.openapi_responses import BEARER, ENVELOPES, SECURITY, responses
from services.gateway.responses import dumps
from shared.models import TASK_ID_PATTERN

_PARAM = re.compile(r"{(\w+)}")
_REF = "#/components/schemas/{model}"
# Path parameters as the handlers check them, so generated ids are the ones worth trying.
PATH_SCHEMAS: dict[str, dict[str, Any]] = {
    "task_id": {"type": "string", "pattern": TASK_ID_PATTERN},
    "command_id": {"type": "string", "format": "uuid"},
    "file_name": {"type": "string", "pattern": r"^[^/\\\x00-\x1f]{1,255}$"},
}


class RouteInfo(Protocol):
    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def body(self) -> type[BaseModel] | None: ...
    @property
    def query(self) -> type[BaseModel] | None: ...
    @property
    def produces(self) -> str: ...


def _parameters(route: RouteInfo) -> list[dict[str, Any]]:
    params = [
        {
            "name": n,
            "in": "path",
            "required": True,
            "schema": PATH_SCHEMAS.get(n, {"type": "string"}),
        }
        for n in _PARAM.findall(route.path)
    ]
    if route.query is not None:
        fields = route.query.model_json_schema(ref_template=_REF).get("properties", {})
        params += [{"name": n, "in": "query", "schema": s} for n, s in fields.items()]
    return params


def _operation(route: RouteInfo, components: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": route.summary,
        "parameters": _parameters(route),
        "responses": responses(route.produces, DATA.get((route.method, route.path))),
        "security": [] if is_open(route.path) else [{BEARER: []}],
    }
    if route.body is not None:
        schema = route.body.model_json_schema(ref_template=_REF)
        components.update(schema.pop("$defs", {}))
        components[route.body.__name__] = schema
        ref = {"$ref": _REF.format(model=route.body.__name__)}
        operation["requestBody"] = {"content": {"application/json": {"schema": ref}}}
    return operation


def build(routes: Sequence[RouteInfo]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    components: dict[str, Any] = {}
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": "data-pipeline API", "version": "0.1.0"},
        "paths": paths,
        "components": {
            "schemas": {**components, **SCHEMAS, **ENVELOPES},
            "securitySchemes": SECURITY,
        },
    }


def document_handler(
    routes: Sequence[RouteInfo],
) -> Callable[[web.Request], Awaitable[web.Response]]:
    document = build(routes)

    async def openapi_json(request: web.Request) -> web.Response:
        return web.json_response(document, dumps=dumps)

    return openapi_json
