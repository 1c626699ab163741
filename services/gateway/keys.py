"""Typed application and request state keys."""

import asyncpg
from aiohttp import web

from services.gateway.auth import ApiToken
from services.gateway.broker_link import BrokerLink
from services.gateway.events.hub import EventHub
from services.gateway.metrics import Metrics
from services.gateway.rpc import RpcClient
from shared.business_db import DatabasePolicy
from shared.config import Settings
from shared.secret_box import SecretBox
from shared.storage import Storage

settings_key = web.AppKey("settings", Settings)
pool_key = web.AppKey("pool", asyncpg.Pool)
broker_key = web.AppKey("broker", BrokerLink)
rpc_key = web.AppKey("rpc", RpcClient)
metrics_key = web.AppKey("metrics", Metrics)
storage_key = web.AppKey("storage", Storage)
hub_key = web.AppKey("hub", EventHub)
box_key = web.AppKey("secret_box", SecretBox)
policy_key = web.AppKey("database_policy", DatabasePolicy)
tokens_key = web.AppKey("tokens", list[ApiToken])
principal_key = web.RequestKey("principal", str)  # the token's name, set by auth middleware
