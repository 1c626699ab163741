"""The OpenAPI document declares, for every JSON operation, the envelope with that operation's
own data model; every reference resolves; task ids carry their pattern; bearer auth."""

import json
import re

from services.gateway.handlers.openapi import build
from services.gateway.routes import ROUTES

DOCUMENT = build(ROUTES)


def _success(route):
    return DOCUMENT["paths"][route.path][route.method.lower()]["responses"]["2XX"]


def test_every_json_operation_declares_its_data_model():
    for route in ROUTES:
        if route.produces != "application/json":
            continue
        schema = _success(route)["content"]["application/json"]["schema"]
        envelope, data = schema["allOf"]
        assert envelope == {"$ref": "#/components/schemas/Envelope"}, route.path
        assert data["properties"]["data"], (route.method, route.path)


def test_every_reference_resolves():
    schemas = DOCUMENT["components"]["schemas"]
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(DOCUMENT)))
    assert refs
    assert refs <= set(schemas), refs - set(schemas)


def test_a_task_detail_requires_its_fields_and_task_ids_their_pattern():
    detail = DOCUMENT["components"]["schemas"]["TaskDetail"]
    assert {"task_id", "status", "steps", "current_execution"} <= set(detail["required"])
    get_task = DOCUMENT["paths"]["/api/v0/data_pipeline/tasks/{task_id}"]["get"]
    [param] = get_task["parameters"]
    assert param["schema"]["pattern"].startswith("^task_[0-9]{8}")
    assert get_task["security"] == [{"bearerAuth": []}]
    assert DOCUMENT["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
