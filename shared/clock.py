"""The one clock: UTC for rows and messages, local time only for stamps in file names and texts.

Local means DP_TIMEZONE (an IANA zone, validated by Settings) or else the host's zone."""

import os
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Naive UTC, as the TIMESTAMP columns store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def zone() -> tzinfo:
    name = os.environ.get("DP_TIMEZONE")
    if name:
        return ZoneInfo(name)
    return datetime.now().astimezone().tzinfo or UTC


def local_now() -> datetime:
    """Local time (naive), for file-name stamps, task ids and report texts a person reads."""
    return datetime.now(zone()).replace(tzinfo=None)


def stamp() -> str:
    """YYYYMMDD_HHMMSS in local time (file_bak_<stamp>, the doc's naming)."""
    return f"{local_now():%Y%m%d_%H%M%S}"


def naive_utc(value: datetime) -> datetime:
    """A request time as the columns store it: naive UTC; a naive input is local time."""
    aware = value if value.tzinfo else value.replace(tzinfo=zone())
    return aware.astimezone(UTC).replace(tzinfo=None)


def iso(value: datetime | None) -> str | None:
    """An API timestamp: ISO 8601 in local time with its offset, to the second.

    Naive values are UTC (the TIMESTAMP columns)."""
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    name = os.environ.get("DP_TIMEZONE")  # else the host's zone, its offset at that instant
    local = aware.astimezone(ZoneInfo(name)) if name else aware.astimezone()
    return local.isoformat(timespec="seconds")
