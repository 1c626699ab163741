"""The executor's composition root: everything a handler needs, built once per process."""

import os
import socket
import uuid
from dataclasses import dataclass

import asyncpg

from shared.broker import Publisher
from shared.config import Settings
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
