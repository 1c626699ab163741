"""The executor's composition root: everything a handler needs, built once per process."""

import os
import socket
import uuid
from dataclasses import dataclass, field

import asyncpg

from services.executor.metrics import ExecutorMetrics
from shared.broker import Publisher
from shared.business_db import DatabasePolicy
from shared.config import Settings
from shared.secret_box import SecretBox
from shared.storage import Storage


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Deps:
    settings: Settings
    pool: asyncpg.Pool
    storage: Storage
    publisher: Publisher
    worker_id: str
    box: SecretBox  # opens the sealed task parameters
    policy: DatabasePolicy  # which business databases a step may connect to
    metrics: ExecutorMetrics = field(default_factory=ExecutorMetrics)
