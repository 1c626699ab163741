"""/training_data/*: the original's management API. Reads go to the executor over RPC
(services/gateway/rpc.py); writes are recorded commands (services/gateway/submission.py)."""

from typing import Any

from aiohttp import web

from services.gateway import outbox
from services.gateway.bodies import json_object
from services.gateway.keys import rpc_key, settings_key
from services.gateway.responses import envelope_response
from shared.messages import CommandBase, QueryTraining, SearchTraining, TrainingStats
from shared.vector_payloads import TrainingQueryPayload, TrainingSearchPayload


def _identity(request: web.Request) -> dict[str, Any]:
    return outbox.identity(request, outbox.principal(request))


async def _ask(request: web.Request, command: CommandBase) -> web.Response:
    timeout = request.app[settings_key].vector_rpc_seconds
    envelope = await request.app[rpc_key].call(command, timeout)
    return envelope_response(envelope, int(envelope["code"]))


async def stats(request: web.Request) -> web.Response:
    return await _ask(request, TrainingStats(**_identity(request)))


async def query(request: web.Request) -> web.Response:
    payload = TrainingQueryPayload.model_validate(await json_object(request))
    return await _ask(request, QueryTraining(**_identity(request), payload=payload))


async def search(request: web.Request) -> web.Response:
    payload = TrainingSearchPayload.model_validate(await json_object(request, empty_ok=False))
    return await _ask(request, SearchTraining(**_identity(request), payload=payload))
