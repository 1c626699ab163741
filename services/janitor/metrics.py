"""Prometheus metrics of one janitor process (served by shared/metrics_server.py)."""

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram


def _counter(registry: CollectorRegistry, name: str, doc: str, *labels: str) -> Counter:
    return Counter(name, doc, labels, registry=registry)


@dataclass
class JanitorMetrics:
    """One registry per process (no module globals): tests build as many as they like."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.deletions = _counter(
            r, "dp_janitor_deletions_total", "Task deletions by outcome", "outcome"
        )
        self.bytes_freed = _counter(r, "dp_janitor_bytes_freed_total", "Bytes removed", "source")
        self.sweeps = _counter(r, "dp_janitor_sweep_runs_total", "Sweeps by job", "job", "outcome")
        self.lost = _counter(r, "dp_janitor_executions_lost_total", "Executions declared lost")
        self.retried = _counter(
            r, "dp_janitor_executions_retried_total", "Lost executions queued again", "reason"
        )
        self.delete_seconds = Histogram(
            "dp_janitor_delete_duration_seconds", "Time to delete one task", registry=r
        )
