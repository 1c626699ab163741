"""Task ids from requests: a well-formed but unknown id is TASK_NOT_FOUND (the document's own
`task_invalid_id` example), in a path or a batch; only an id that could be unsafe as a path is
INVALID_PATH."""

import re

from shared.errors import TaskNotFound
from shared.storage import TASK_ID_RE, validate_task_id

# Plain word characters only: never a path separator, a dot or anything a shell would read.
SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def checked_task_id(raw: str) -> str:
    if not TASK_ID_RE.fullmatch(raw) and SAFE_ID.fullmatch(raw):
        raise TaskNotFound(raw)  # it cannot name a task: ids are task_YYYYMMDD_HHMMSS[_n]
    return validate_task_id(raw)


def is_safe_id(raw: str) -> bool:
    """Harmless in a path and a log line, whether or not a task could have it."""
    return bool(SAFE_ID.fullmatch(raw))
