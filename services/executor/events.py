"""Best-effort event publishing: state is in PostgreSQL, so a lost event is only a late UI."""

import logging
from typing import Any

from shared.broker import Publisher
from shared.messages import Event, EventType

log = logging.getLogger(__name__)


async def emit(
    publisher: Publisher,
    type_: EventType,
    task_id: str,
    execution_id: str | None = None,
    **data: Any,
) -> None:
    try:
        await publisher.event(
            Event(type=type_, task_id=task_id, execution_id=execution_id, data=data)
        )
    except Exception as exc:  # the broker being away must not fail a step
        log.warning("event %s for %s not published: %s", type_, task_id, exc)
