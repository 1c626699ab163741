"""The table inspector (the original's /database endpoints), answered by the executor over
RPC: the gateway never connects to business databases. A custom connection is checked against
the allow-list here, then travels masked with its original sealed (no password in a message)."""

from typing import Any

from aiohttp import web
from pydantic import ConfigDict, Field, field_validator

from services.gateway import outbox
from services.gateway.bodies import json_object
from services.gateway.keys import box_key, policy_key, rpc_key
from services.gateway.responses import envelope_response
from services.gateway.schemas import Body
from shared.console_payloads import ListTablesPayload, TableDdlPayload, TableOutput
from shared.messages import CommandBase, ListTables, TableDdl
from shared.parameters import TaskParameters
from shared.secrets import mask_dsn

DATABASE = "/api/v0/database"  # the original's path, outside /data_pipeline
RPC_TIMEOUT_SECONDS = 30.0


def _postgres_dsn(value: str | None) -> str | None:
    return TaskParameters(db_connection=value).db_connection if value else None


class TablesRequest(Body):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    db_connection: str | None = Field(default=None, max_length=2000)
    schema_name: str | None = Field(default=None, alias="schema", max_length=63)
    table_name_pattern: str | None = Field(default=None, max_length=200)

    _dsn = field_validator("db_connection")(_postgres_dsn)


class TableDdlRequest(Body):
    table: str = Field(min_length=1, max_length=200)
    db_connection: str | None = Field(default=None, max_length=2000)
    type: TableOutput = "both"

    _dsn = field_validator("db_connection")(_postgres_dsn)


def connection_ref(request: web.Request, dsn: str | None) -> dict[str, Any]:
    if not dsn:
        return {}
    request.app[policy_key].check(dsn)
    return {"db_connection": mask_dsn(dsn), "sealed_connection": request.app[box_key].seal(dsn)}


async def _ask(request: web.Request, command: CommandBase) -> web.Response:
    envelope = await request.app[rpc_key].call(command, RPC_TIMEOUT_SECONDS)
    return envelope_response(envelope, int(envelope["code"]))


async def list_tables(request: web.Request) -> web.Response:
    req = TablesRequest.model_validate(await json_object(request))
    payload = ListTablesPayload(
        **connection_ref(request, req.db_connection),
        schema_name=req.schema_name,
        table_name_pattern=req.table_name_pattern,
    )
    identity = outbox.identity(request, outbox.principal(request))
    return await _ask(request, ListTables(**identity, payload=payload))


async def table_ddl(request: web.Request) -> web.Response:
    req = TableDdlRequest.model_validate(await json_object(request, empty_ok=False))
    ref = connection_ref(request, req.db_connection)
    payload = TableDdlPayload(**ref, table=req.table, output=req.type)
    identity = outbox.identity(request, outbox.principal(request))
    return await _ask(request, TableDdl(**identity, payload=payload))
