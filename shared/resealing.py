"""Secrets at rest for rows older than the sealing (migration 003): a task row written before it
still holds its DSN password or API keys in `parameters`. At start-up the gateway seals such rows
in place (masked parameters, the original under the deployment's key), so an upgraded database
ends up like a new one; rows without a secret are left as they are."""

import logging

import asyncpg

from shared.db import tasks
from shared.secret_box import SecretBox

log = logging.getLogger(__name__)
BATCH = 500


async def reseal_legacy_tasks(pool: asyncpg.Pool, box: SecretBox) -> int:
    """Seals every never-sealed task row that holds a secret; returns how many were sealed.
    Safe to run from several processes at once: each row is sealed only while still unsealed."""
    sealed_rows, after = 0, ""
    while True:
        async with pool.acquire() as conn:
            batch = await tasks.unsealed_after(conn, after, BATCH)
            for task_id, plain in batch:
                masked, sealed = box.seal_parameters(plain)
                if sealed is not None and await tasks.seal(conn, task_id, masked, sealed):
                    sealed_rows += 1
        if len(batch) < BATCH:
            break
        after = batch[-1][0]
    if sealed_rows:
        log.warning("sealed the clear secrets of %d task rows written before sealing", sealed_rows)
    return sealed_rows
