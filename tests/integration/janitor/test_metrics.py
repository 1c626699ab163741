"""The janitor's metrics endpoint: counters move when the janitor works."""

from aiohttp.test_utils import TestClient, TestServer

from services.janitor.deletion import delete_batch
from shared.messages import DeleteTasksPayload
from shared.metrics_server import metrics_app
from tests.helpers.tasks import make_task
from tests.integration.janitor.support import deps_for


async def test_metrics_and_healthz_reflect_deletions(pool, settings, tmp_path):
    deps = deps_for(settings.model_copy(update={"data_root": tmp_path}), pool)
    task_id = await make_task(pool, tmp_path, {"f": b"x" * 2048})
    await delete_batch(
        deps, DeleteTasksPayload(task_ids=[task_id, "task_20990101_000000"], confirm=True)
    )
    async with TestClient(TestServer(metrics_app(deps.metrics.registry, "janitor"))) as client:
        health = await client.get("/healthz")
        text = await (await client.get("/metrics")).text()
    assert health.status == 200
    assert 'dp_janitor_deletions_total{outcome="deleted"} 1.0' in text
    assert 'dp_janitor_deletions_total{outcome="TASK_NOT_FOUND"} 1.0' in text
    assert 'dp_janitor_bytes_freed_total{source="delete"} 2048.0' in text
    assert "dp_janitor_delete_duration_seconds_count 1.0" in text
