"""Question/SQL pair files: their names and which one of a task is current."""

import re
from datetime import datetime, timedelta

from shared.storage import Storage

PAIR_FILE_RE = re.compile(r"^qs_.+_(\d{8}_\d{6})_pair\.json$")
STAMP_FORMAT = "%Y%m%d_%H%M%S"
_UNSAFE = re.compile(r"[^A-Za-z0-9_\-]+")


def pair_stamp(name: str) -> str | None:
    match = PAIR_FILE_RE.match(name)
    return match.group(1) if match else None


def newest_pair_name(names: list[str]) -> str | None:
    """The newest pair file by the timestamp in its name (the name breaks a same-second tie)."""
    stamped = [(stamp, name) for name in names if (stamp := pair_stamp(name))]
    return max(stamped)[1] if stamped else None


def pair_file_name(db_name: str, at: datetime, existing: list[str]) -> str:
    """qs_{db}_{ts}_pair.json, stamped strictly after every existing pair file so it is current."""
    stamps = [s for name in existing if (s := pair_stamp(name))]
    if stamps and at.strftime(STAMP_FORMAT) <= max(stamps):
        at = datetime.strptime(max(stamps), STAMP_FORMAT) + timedelta(seconds=1)
    safe_db = _UNSAFE.sub("_", db_name).strip("_") or "database"
    return f"qs_{safe_db}_{at.strftime(STAMP_FORMAT)}_pair.json"


async def current_pair_file(storage: Storage, task_id: str) -> str | None:
    """The file name of the task's current pair file, or None when there is none."""
    return newest_pair_name(await storage.names(task_id))
