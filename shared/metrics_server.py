"""A tiny HTTP server for a worker's Prometheus registry (/metrics and /healthz)."""

from aiohttp import web
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST


def metrics_app(registry: CollectorRegistry, service: str) -> web.Application:
    async def serve_metrics(_: web.Request) -> web.Response:
        body = generate_latest(registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "service": service})

    app = web.Application()
    app.router.add_get("/metrics", serve_metrics)
    app.router.add_get("/healthz", healthz)
    return app


async def serve_metrics(
    registry: CollectorRegistry, service: str, host: str, port: int
) -> web.AppRunner:
    runner = web.AppRunner(metrics_app(registry, service))
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
