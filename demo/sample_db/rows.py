"""Shared pieces of generated rows: ids, audit columns, the rows of one table."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

AUDIT_COLUMNS = (
    "version",
    "create_ts",
    "created_by",
    "update_ts",
    "updated_by",
    "delete_ts",
    "deleted_by",
)

Record = tuple[Any, ...]


@dataclass
class TableRows:
    table: str
    columns: tuple[str, ...]
    records: list[Record] = field(default_factory=list)


def new_id(rng: random.Random) -> str:
    """32 hex characters, like the ids of the original system."""
    return f"{rng.getrandbits(128):032x}"


def audit(rng: random.Random, created: datetime, creator: str, *, deleted: bool = False) -> Record:
    """version, create/update/delete timestamps and users; deleted rows carry delete_ts."""
    updated = created + timedelta(minutes=rng.randrange(0, 3 * 24 * 60))
    edited = rng.random() < 0.5
    delete_ts = updated + timedelta(hours=rng.randrange(1, 72)) if deleted else None
    return (
        rng.randint(2, 4) if edited else 1,
        created,
        creator,
        updated if edited else created,
        creator if edited else None,
        delete_ts,
        "admin" if deleted else None,
    )


def moment(rng: random.Random, start: datetime, span_days: int) -> datetime:
    """A random time within `span_days` after `start`, to the second."""
    return start + timedelta(seconds=rng.randrange(span_days * 86400))
