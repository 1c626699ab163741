"""Transient infrastructure failures (the database or the broker is down or restarting), and
waiting them out: exponential back-off with jitter, capped, for as long as a bound allows.

Only these are retried in place; anything else is the command's own failure and takes the
normal path (requeue, then the dead-letter queue once the delivery limit is spent)."""

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncpg
from aio_pika.exceptions import AMQPConnectionError, ChannelClosed, ChannelInvalidStateError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_delay,
    wait_random_exponential,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

FIRST_WAIT_SECONDS = 0.5
MAX_WAIT_SECONDS = 15.0
# Below RabbitMQ's consumer_timeout (30 min): a delivery held longer closes its channel.
DEFAULT_PATIENCE_SECONDS = 20 * 60.0

_TRANSIENT: tuple[type[BaseException], ...] = (
    OSError,  # connection refused/reset; includes AMQPConnectionError
    TimeoutError,
    asyncpg.PostgresConnectionError,  # connection lost / does not exist
    asyncpg.CannotConnectNowError,  # starting up, shutting down
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    AMQPConnectionError,
    ChannelClosed,
    ChannelInvalidStateError,
)


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, asyncpg.InterfaceError):  # "connection is closed", "pool is closing"
        return "clos" in str(exc)
    if isinstance(exc, asyncpg.InternalClientError):  # a connection cut mid-protocol
        return "another operation" in str(exc)
    return isinstance(exc, _TRANSIENT)


def retrying(
    what: str,
    patience: float = DEFAULT_PATIENCE_SECONDS,
    on_retry: Callable[[], None] | None = None,
) -> AsyncRetrying:
    def log_wait(state: RetryCallState) -> None:
        if on_retry is not None:
            on_retry()
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "%s: dependency unavailable (%r), attempt %d, retrying in %.1fs",
            what,
            exc,
            state.attempt_number,
            wait,
        )

    return AsyncRetrying(
        retry=retry_if_exception(is_transient),
        wait=wait_random_exponential(multiplier=FIRST_WAIT_SECONDS, max=MAX_WAIT_SECONDS),
        stop=stop_after_delay(patience),
        before_sleep=log_wait,
        reraise=True,
    )


async def outlast(
    call: Callable[[], Awaitable[T]],
    what: str,
    patience: float = DEFAULT_PATIENCE_SECONDS,
    on_retry: Callable[[], None] | None = None,
) -> T:
    """Runs `call` until it succeeds or fails for a reason of its own; transient failures are
    retried with back-off for up to `patience` seconds, then the last one is raised."""
    async for attempt in retrying(what, patience, on_retry):
        with attempt:
            return await call()
    raise AssertionError("unreachable: the last failure is re-raised")
