"""Prometheus metrics of one janitor process, and the tiny HTTP app that serves them."""

from dataclasses import dataclass, field

from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST


def _counter(registry: CollectorRegistry, name: str, doc: str, *labels: str) -> Counter:
    return Counter(name, doc, labels, registry=registry)


@dataclass
class JanitorMetrics:
    """One registry per process (no module globals): tests build as many as they like."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.deletions = _counter(
            r, "dp_janitor_deletions_total", "Task deletions by outcome", "outcome"
        )
        self.bytes_freed = _counter(r, "dp_janitor_bytes_freed_total", "Bytes removed", "source")
        self.sweeps = _counter(r, "dp_janitor_sweep_runs_total", "Sweeps by job", "job", "outcome")
        self.lost = _counter(r, "dp_janitor_executions_lost_total", "Executions declared lost")
        self.retried = _counter(
            r, "dp_janitor_executions_retried_total", "Lost executions queued again", "reason"
        )
        self.delete_seconds = Histogram(
            "dp_janitor_delete_duration_seconds", "Time to delete one task", registry=r
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)


def metrics_app(metrics: JanitorMetrics) -> web.Application:
    async def serve_metrics(_: web.Request) -> web.Response:
        return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "service": "janitor"})

    app = web.Application()
    app.router.add_get("/metrics", serve_metrics)
    app.router.add_get("/healthz", healthz)
    return app


async def start_metrics_server(metrics: JanitorMetrics, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(metrics_app(metrics))
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
