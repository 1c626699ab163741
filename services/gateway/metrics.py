"""Prometheus metrics of one gateway instance, in a registry the app owns."""

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram


@dataclass(frozen=True)
class Metrics:
    registry: CollectorRegistry
    requests: Counter
    latency: Histogram
    published: Counter
    publish_failures: Counter
    # (method, route, status) -> its latency and request-count series (middleware.py)
    series: dict[tuple[str, str, int], tuple[Histogram, Counter]] = field(default_factory=dict)

    @classmethod
    def create(cls) -> "Metrics":
        registry = CollectorRegistry()
        return cls(
            registry=registry,
            requests=Counter(
                "dp_http_requests",
                "HTTP requests by route and status",
                ["method", "route", "status"],
                registry=registry,
            ),
            latency=Histogram(
                "dp_http_request_seconds",
                "HTTP request latency by route",
                ["method", "route"],
                registry=registry,
            ),
            published=Counter(
                "dp_commands_published", "Commands published", ["type"], registry=registry
            ),
            publish_failures=Counter(
                "dp_command_publish_failures",
                "Command publish failures",
                ["type"],
                registry=registry,
            ),
        )
