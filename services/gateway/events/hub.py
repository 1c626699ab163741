"""Fan-out of broker events to SSE clients, each with a bounded queue of its own."""

import asyncio
import logging
from dataclasses import dataclass, field

from shared.events import Event

log = logging.getLogger(__name__)
CLIENT_QUEUE_SIZE = 256


@dataclass(eq=False)
class Subscription:
    """One client's events. A client too slow to keep up is dropped, never the gateway: its
    queue is emptied and ends with None, so its stream closes and the browser reconnects
    (resuming from the database)."""

    task_id: str | None  # None: every task
    queue: asyncio.Queue[Event | None] = field(
        default_factory=lambda: asyncio.Queue(CLIENT_QUEUE_SIZE)
    )
    dropped: bool = False

    def wants(self, event: Event) -> bool:
        return self.task_id is None or event.task_id == self.task_id

    def offer(self, event: Event) -> None:
        if self.dropped:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.dropped = True
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(None)


class EventHub:
    def __init__(self) -> None:
        self._subscriptions: set[Subscription] = set()

    @property
    def clients(self) -> int:
        return len(self._subscriptions)

    def watching(self, task_id: str | None) -> int:
        """Clients of one task's stream (None: of the all-tasks stream)."""
        return sum(s.task_id == task_id for s in self._subscriptions)

    def subscribe(self, task_id: str | None) -> Subscription:
        subscription = Subscription(task_id)
        self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    def publish(self, event: Event) -> None:
        for subscription in list(self._subscriptions):
            if subscription.wants(event):
                subscription.offer(event)
                if subscription.dropped:
                    log.warning("SSE client of %s fell behind; dropped", subscription.task_id)
                    self.unsubscribe(subscription)
