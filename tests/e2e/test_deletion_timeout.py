"""A forced delete whose run does not stop in time (a frozen executor) is CANCEL_TIMEOUT: the
same 409 envelope on its status URL as in the direct answer (issue 13, item 6)."""

from collections.abc import AsyncIterator
from typing import Any

import pytest

from services.janitor.worker import run_worker as run_janitor
from shared.config import Settings
from shared.topology import Topology
from tests.helpers import API, wait_until
from tests.helpers.api import gateway_client
from tests.helpers.broker import delete_topology
from tests.helpers.services import running
from tests.helpers.tasks import make_task, queue_and_claim


@pytest.fixture
async def frozen_settings(settings: Settings, amqp: Any) -> AsyncIterator[Settings]:
    """Its own namespace and janitor (no sweeps), a 1 s force wait: nobody stops the run."""
    namespace = f"{settings.amqp_namespace}_cancel_timeout"
    own = settings.model_copy(
        update={
            "amqp_namespace": namespace,
            "delete_force_wait_seconds": 1.0,
            "janitor_jobs": "",
            "janitor_metrics_port": 0,
        }
    )
    async with running(run_janitor, own):
        yield own
    await delete_topology(amqp, Topology(namespace))


def _is_cancel_timeout(envelope: dict[str, Any], task_id: str) -> bool:
    assert envelope["data"]["task_id"] == task_id
    return (envelope["success"], envelope["code"], envelope["error_code"]) == (
        False,
        409,
        "CANCEL_TIMEOUT",
    )


async def test_direct_answer_is_409_cancel_timeout(pool, frozen_settings):
    task_id = await make_task(pool, frozen_settings.data_root, {"f": b"1"})
    await queue_and_claim(pool, task_id)  # its executor is frozen: the cancel is never honoured
    async with gateway_client(frozen_settings) as api:
        response = await api.delete(f"{API}/tasks/{task_id}?confirm=true&force=true")
        body = await response.json()
    assert response.status == 409
    assert _is_cancel_timeout(body, task_id), body
    assert (frozen_settings.data_root / task_id).exists()  # nothing was deleted


async def test_status_url_reports_the_same_409_cancel_timeout(pool, frozen_settings):
    task_id = await make_task(pool, frozen_settings.data_root, {"f": b"1"})
    await queue_and_claim(pool, task_id)
    impatient = frozen_settings.model_copy(update={"delete_wait_seconds": 0.2})
    async with gateway_client(impatient) as api:
        response = await api.delete(f"{API}/tasks/{task_id}?confirm=true&force=true")
        body = await response.json()
        assert (response.status, body["data"]["status"]) == (202, "processing")
        url = body["data"]["status_url"]

        async def final() -> dict[str, Any] | None:
            answer = await (await api.get(url)).json()
            return (
                answer["data"]
                if answer["data"]["status"] not in ("pending", "published", "processing")
                else None
            )

        done = await wait_until(final, timeout=15)
    assert (done["status"], done["error_code"]) == ("failed", "CANCEL_TIMEOUT"), done
    assert _is_cancel_timeout(done["result"], task_id), done["result"]
    assert (frozen_settings.data_root / task_id).exists()
