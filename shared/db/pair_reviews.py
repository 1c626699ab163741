"""All SQL for data_pipeline_pair_reviews: review states and re-validation verdicts per pair."""

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from shared.clock import utcnow
from shared.db.pool import Conn

_LOCK_SPACE = 0x44505052  # "DPPR": pair-file edits, apart from other advisory lock users


@dataclass(frozen=True)
class PairReview:
    pair_key: str
    review_state: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    valid: bool | None
    error_message: str | None
    row_count: int | None
    checked_at: datetime | None


async def for_task(conn: Conn, task_id: str) -> dict[str, PairReview]:
    rows = await conn.fetch("SELECT * FROM data_pipeline_pair_reviews WHERE task_id = $1", task_id)
    return {
        r["pair_key"]: PairReview(**{k: r[k] for k in PairReview.__annotations__}) for r in rows
    }


async def set_state(
    conn: Conn, task_id: str, pair_keys: list[str], state: str, reviewed_by: str
) -> None:
    await conn.execute(
        """
        INSERT INTO data_pipeline_pair_reviews (task_id, pair_key, review_state, reviewed_by,
            reviewed_at)
        SELECT $1, key, $3, $4, $5 FROM unnest($2::text[]) AS key
        ON CONFLICT (task_id, pair_key) DO UPDATE SET review_state = EXCLUDED.review_state,
            reviewed_by = EXCLUDED.reviewed_by, reviewed_at = EXCLUDED.reviewed_at
        """,
        task_id,
        pair_keys,
        state,
        reviewed_by,
        utcnow(),
    )


async def set_verdict(
    conn: Conn,
    task_id: str,
    pair_key: str,
    *,
    valid: bool,
    error_message: str | None,
    row_count: int | None,
) -> None:
    await conn.execute(
        """
        INSERT INTO data_pipeline_pair_reviews (task_id, pair_key, valid, error_message,
            row_count, checked_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (task_id, pair_key) DO UPDATE SET valid = EXCLUDED.valid,
            error_message = EXCLUDED.error_message, row_count = EXCLUDED.row_count,
            checked_at = EXCLUDED.checked_at
        """,
        task_id,
        pair_key,
        valid,
        error_message,
        row_count,
        utcnow(),
    )


async def approved_keys(conn: Conn, task_id: str) -> set[str]:
    rows = await conn.fetch(
        "SELECT pair_key FROM data_pipeline_pair_reviews"
        " WHERE task_id = $1 AND review_state = 'approved'",
        task_id,
    )
    return {r["pair_key"] for r in rows}


@contextlib.asynccontextmanager
async def file_lock(pool: asyncpg.Pool, task_id: str) -> AsyncIterator[None]:
    """Serializes edits of one task's pair file across executors (a transaction lock)."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1, hashtext($2))", _LOCK_SPACE, task_id)
        yield
