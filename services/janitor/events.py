"""Best-effort events: the state is committed in PostgreSQL before, so a lost event is a late UI."""

import logging
from typing import Any

from services.janitor.deps import Deps
from shared.messages import Event, EventType

log = logging.getLogger(__name__)


async def emit(
    deps: Deps, type_: EventType, task_id: str, execution_id: str | None = None, **data: Any
) -> None:
    if deps.publisher is None:
        log.info("event %s for %s not published (no broker in this process)", type_, task_id)
        return
    try:
        await deps.publisher.event(
            Event(type=type_, task_id=task_id, execution_id=execution_id, data=data)
        )
    except Exception as exc:  # the broker being away must not undo a committed change
        log.warning("event %s for %s not published: %s", type_, task_id, exc)
