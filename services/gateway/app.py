"""create_app(settings): the gateway's composition root."""

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from services.gateway.auth import parse_tokens
from services.gateway.broker_link import BrokerLink
from services.gateway.console import setup_console
from services.gateway.cors import cors_middleware
from services.gateway.events.feed import event_feed
from services.gateway.hardening import allowed_hosts, hardening_middleware
from services.gateway.keys import (
    box_key,
    broker_key,
    metrics_key,
    policy_key,
    pool_key,
    rpc_key,
    settings_key,
    storage_key,
    tokens_key,
)
from services.gateway.metrics import Metrics
from services.gateway.middleware import auth_middleware, error_middleware, metrics_middleware
from services.gateway.relay import outbox_relay
from services.gateway.routes import setup_routes
from services.gateway.rpc import RpcClient
from shared.broker import PUBLISH_ERRORS
from shared.config import Settings
from shared.db.pool import open_app_pool
from shared.resealing import reseal_legacy_tasks
from shared.secret_box import load_box
from shared.storage import Storage
from shared.topology import Topology

log = logging.getLogger(__name__)


async def database(app: web.Application) -> AsyncIterator[None]:
    async with open_app_pool(app[settings_key]) as pool:
        app[pool_key] = pool
        await reseal_legacy_tasks(pool, app[box_key])  # rows from before secrets at rest
        yield


async def secrets(app: web.Application) -> AsyncIterator[None]:
    app[box_key] = await asyncio.to_thread(load_box, app[settings_key])  # may create the key
    yield


async def broker(app: web.Application) -> AsyncIterator[None]:
    settings = app[settings_key]
    link = BrokerLink(settings)
    app[broker_key] = link
    app[rpc_key] = RpcClient(link, Topology(settings.amqp_namespace))
    try:
        await link.publisher()  # declares the topology now when the broker is up
    except PUBLISH_ERRORS as exc:
        log.warning("broker unreachable at start-up (%r); commands wait in the outbox", exc)
    yield
    await app[rpc_key].close()
    await link.close()


def create_app(settings: Settings) -> web.Application:
    # Middleware order: CORS answers preflights before auth and marks every response;
    # metrics see the final status; errors wrap auth so 401/403 are enveloped.
    app = web.Application(
        client_max_size=settings.max_body_bytes,
        middlewares=[
            cors_middleware,
            metrics_middleware,
            error_middleware,
            hardening_middleware(allowed_hosts(settings)),
            auth_middleware,
        ],
    )
    app[settings_key] = settings
    app[tokens_key] = parse_tokens(settings.api_tokens)
    app[metrics_key] = Metrics.create()
    app[storage_key] = Storage(settings.data_root)
    app[policy_key] = settings.database_policy()
    app.cleanup_ctx.append(secrets)
    app.cleanup_ctx.append(database)
    app.cleanup_ctx.append(broker)
    app.cleanup_ctx.append(outbox_relay)
    app.cleanup_ctx.append(event_feed)
    setup_routes(app)
    setup_console(app)
    return app
