"""The one emitter for every service: typed events, best effort after the state is committed."""

import logging

from shared.broker import PUBLISH_ERRORS, Publisher
from shared.events import EventBase

log = logging.getLogger(__name__)


async def emit(publisher: Publisher | None, event: EventBase) -> None:
    """Publishes `event`; a broker that is away is logged, never raised (the UI is only late)."""
    if publisher is None:
        log.info("event %s for %s not published (no broker here)", event.type, event.task_id)
        return
    try:
        await publisher.event(event)
    except PUBLISH_ERRORS as exc:
        log.warning("event %s for %s not published: %r", event.type, event.task_id, exc)
