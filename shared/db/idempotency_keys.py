"""The HTTP side of data_pipeline_commands: an Idempotency-Key's stored answer, lock and save."""

from dataclasses import dataclass
from typing import Any

from shared.db.pool import Conn


@dataclass(frozen=True)
class HttpReplay:
    """What the gateway stored for an Idempotency-Key: status/body are None while in flight
    (or when the answer came from a consumer and was never stored: then the command's result)."""

    request_hash: str | None
    http_status: int | None
    http_response: dict[str, Any] | None
    status: str
    result: dict[str, Any] | None


async def http_replay(conn: Conn, idempotency_key: str) -> HttpReplay | None:
    row = await conn.fetchrow(
        """
        SELECT request_hash, http_status, http_response, status, result
        FROM data_pipeline_commands WHERE idempotency_key = $1
        """,
        idempotency_key,
    )
    if row is None:
        return None
    return HttpReplay(
        row["request_hash"], row["http_status"], row["http_response"], row["status"], row["result"]
    )


_KEY_LOCK_SPACE = 0x44504B59  # "DPKY": Idempotency-Key locks, apart from other advisory locks


async def lock_idempotency_key(conn: Conn, idempotency_key: str) -> None:
    """Serializes requests with one key until the caller's transaction ends."""
    await conn.execute(
        "SELECT pg_advisory_xact_lock($1, hashtext($2))", _KEY_LOCK_SPACE, idempotency_key
    )


async def save_http_response(
    conn: Conn, idempotency_key: str, http_status: int, body: dict[str, Any]
) -> None:
    await conn.execute(
        """
        UPDATE data_pipeline_commands SET http_status = $2, http_response = $3
        WHERE idempotency_key = $1
        """,
        idempotency_key,
        http_status,
        body,
    )
