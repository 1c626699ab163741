"""Which first-party modules one `POST /tasks/{id}/execute` runs code in, from the route to the
step's `run` (issue 8's bound): measured by a profile hook on the in-process gateway and
executor, and kept within the lists of docs/architecture.md ("One request's path").
CALLED and VOCABULARY are upper bounds (whether a log batch lands before the step starts is
timing); every hop of PATH must run."""

import asyncio
import contextlib
import contextvars
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from services.executor.worker import run_worker
from shared.config import Settings
from shared.topology import Topology
from tests.helpers import API, wait_until
from tests.helpers.api import gateway_client
from tests.helpers.broker import delete_topology
from tests.helpers.services import running

REPO = Path(__file__).resolve().parents[2]
STEPS = "services.executor.steps."
LISTENERS = "services.gateway.events."  # the SSE feed hears the events; it is not the path
TRACED: contextvars.ContextVar[bool] = contextvars.ContextVar("traced", default=False)

# The hops: the modules a reader follows from the route to the step (docs/architecture.md).
PATH = {
    "services.gateway.middleware",
    "services.gateway.idempotency",
    "services.gateway.handlers.execution",
    "shared.execution_queue",
    "services.gateway.outbox",
    "services.gateway.broker_link",
    "shared.broker",
    "services.executor.worker",
    "shared.consumer",
    "shared.command_log",
    "services.executor.handlers",
    "services.executor.pipeline",
    "services.executor.supervision",
    "services.executor.step_runner",
    "services.executor.context",
}
# What the hops call on the way: SQL (one module per table), state changes, files, the log.
CALLED = {
    "shared.db.commands",
    "shared.db.executions",
    "shared.db.logs",
    "shared.db.pool",
    "shared.db.tasks",
    "shared.task_state",
    "shared.emitter",
    "shared.storage",
    "services.executor.tasklog",
    "services.executor.task_files",
    "services.executor.resume",
    "services.executor.source_db",
    "services.gateway.bodies",
    "services.gateway.cors",
    "services.gateway.hardening",
    "services.gateway.responses",
    "services.gateway.schemas",
    "services.gateway.views",
}
# Values, no I/O: the vocabulary every layer speaks.
VOCABULARY = {
    "shared.clock",
    "shared.config",
    "shared.envelope",
    "shared.events",
    "shared.execution_view",
    "shared.messages",
    "shared.models",
    "shared.parameters",
    "shared.secrets",
    "shared.table_list",
    "shared.task_ids",
    "shared.topology",
    "shared.transient",
}


def _module(frame: FrameType) -> str | None:
    path = Path(frame.f_code.co_filename)
    if not path.is_relative_to(REPO):
        return None
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__") if parts[0] in ("services", "shared") else None


class PathTrace:
    """A profile hook: the first-party modules whose functions run, until a step's `run`."""

    def __init__(self) -> None:
        self.modules: set[str] = set()
        self.step: str | None = None

    def __call__(self, frame: FrameType, event: str, arg: Any) -> None:
        if event != "call" or self.step is not None or not TRACED.get():
            return
        if (module := _module(frame)) is None:
            return
        if module.startswith(STEPS):
            self.step = module if frame.f_code.co_name == "run" else None
        elif not module.startswith(LISTENERS):
            self.modules.add(module)


@pytest.fixture
async def private(settings: Settings, amqp: Any) -> AsyncIterator[Settings]:
    """A namespace of its own; no relay sweeps (they are not the request's path)."""
    own = settings.model_copy(
        update={"amqp_namespace": f"{settings.amqp_namespace}_path", "outbox_relay_seconds": 3600}
    )
    yield own
    await delete_topology(amqp, Topology(own.amqp_namespace))


@contextlib.asynccontextmanager
async def traced_services(settings: Settings) -> AsyncIterator[TestClient[Any, Any]]:
    """A gateway and an executor started under TRACED: every task they make inherits it, so
    what else runs in this loop (the package's janitor sweeps, other executors) is not counted."""
    token = TRACED.set(True)
    try:
        async with running(run_worker, settings), gateway_client(settings) as api:
            yield api
    finally:
        TRACED.reset(token)


async def _traced_execute(api: TestClient[Any, Any], task_id: str) -> PathTrace:
    trace = PathTrace()
    sys.setprofile(trace)
    try:
        body = {"step": "ddl_generation"}
        response = await api.post(f"{API}/tasks/{task_id}/execute", json=body)
        assert response.status == 202, await response.text()
        await wait_until(lambda: asyncio.sleep(0, trace.step), timeout=30)
    finally:
        sys.setprofile(None)
    return trace


async def test_the_execute_path_is_the_documented_one(private):
    async with traced_services(private) as api:
        body = {"table_list": ["bss_company"], "db_name": "highway_db"}
        created = await (await api.post(f"{API}/tasks", json=body)).json()
        trace = await _traced_execute(api, created["data"]["task_id"])
    assert trace.step == "services.executor.steps.ddl_generation"
    print(f"path {len(PATH) + 1} modules (with the step), {len(trace.modules) + 1} run code")
    documented = PATH | CALLED | VOCABULARY
    assert trace.modules <= documented, f"not in the docs: {sorted(trace.modules - documented)}"
    assert trace.modules >= PATH, (
        f"documented hops that did not run: {sorted(PATH - trace.modules)}"
    )
    assert len(PATH) + 1 <= 16  # the hops, the step's package included
