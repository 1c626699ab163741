"""PostgreSQL advisory locks, one per periodic job, so two janitors never run the same sweep."""

import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

_NAMESPACE = 0x44504A4E  # "DPJN": keeps our keys apart from other advisory lock users


def lock_key(job: str) -> int:
    """A stable signed 32-bit key per job name."""
    key = zlib.crc32(job.encode())
    return key - (1 << 32) if key >= 1 << 31 else key


@asynccontextmanager
async def advisory_lock(pool: asyncpg.Pool, job: str) -> AsyncIterator[bool]:
    """Yields whether the lock was taken; it is a session lock, so it stays on this connection
    for the whole sweep and is released on the same one."""
    async with pool.acquire() as conn:
        held = bool(
            await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", _NAMESPACE, lock_key(job))
        )
        try:
            yield held
        finally:
            if held:
                await conn.execute("SELECT pg_advisory_unlock($1, $2)", _NAMESPACE, lock_key(job))
