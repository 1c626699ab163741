"""Prometheus metrics of one executor process (DP_EXECUTOR_METRICS_PORT, 0 = off): what the
people who scale executors watch. One registry per process, no module globals."""

import time
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

STEP_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200)
WAIT_BUCKETS = (0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600)


@dataclass
class ExecutorMetrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    # execution_id -> monotonic time of its last successful heartbeat
    beats: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        r = self.registry
        self.running = Gauge(
            "dp_executor_executions_running", "Executions running in this process", registry=r
        )
        self.steps = Counter(
            "dp_executor_steps_finished_total", "Steps ended, by step and status",
            ("step", "status"), registry=r,
        )  # fmt: skip
        self.step_seconds = Histogram(
            "dp_executor_step_duration_seconds", "Step run time, by step and status",
            ("step", "status"), buckets=STEP_BUCKETS, registry=r,
        )  # fmt: skip
        self.retries = Counter(
            "dp_executor_retries_total",
            "Work retried after a dependency outage (handler retries, paused steps)",
            ("kind",), registry=r,
        )  # fmt: skip
        self.redeliveries = Counter(
            "dp_executor_redeliveries_total", "Commands delivered again by RabbitMQ",
            ("queue",), registry=r,
        )  # fmt: skip
        self.queue_wait = Histogram(
            "dp_executor_queued_to_running_seconds", "Time from queued to claimed",
            buckets=WAIT_BUCKETS, registry=r,
        )  # fmt: skip
        heartbeat = Gauge(
            "dp_executor_heartbeat_age_seconds",
            "Age of the oldest last heartbeat among running executions (0 when idle)",
            registry=r,
        )
        heartbeat.set_function(self.oldest_heartbeat_age)

    def oldest_heartbeat_age(self) -> float:
        if not self.beats:
            return 0.0
        return time.monotonic() - min(self.beats.values())
