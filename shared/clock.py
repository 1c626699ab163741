"""The one clock: UTC for rows and messages, local time only for stamps in file names and texts."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC, as the TIMESTAMP columns store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_now() -> datetime:
    """The machine's local time, for file-name stamps and report texts a person reads."""
    return datetime.now()
