"""L4: task ids of ASCII digits only (\\d took Arabic-Indic and fullwidth digits)."""

import pytest
from pydantic import ValidationError

from shared.errors import InvalidPath
from shared.messages import CreateTaskPayload, ExecuteTaskPayload
from shared.storage import validate_task_id

FOREIGN_DIGITS = [
    "task_٢٠٢٦٠١٠١_٠٠٠٠٠٢",
    "task_２０２６０１０１_０００００0",
    "task_20260101_000000_٣",
]


@pytest.mark.parametrize("task_id", FOREIGN_DIGITS)
def test_non_ascii_digits_are_refused_everywhere(task_id: str) -> None:
    with pytest.raises(InvalidPath):
        validate_task_id(task_id)
    with pytest.raises(ValidationError):
        ExecuteTaskPayload(task_id=task_id)
    with pytest.raises(ValidationError):
        CreateTaskPayload(task_id=task_id)


def test_ascii_ids_still_pass() -> None:
    assert validate_task_id("task_20260101_000000_2") == "task_20260101_000000_2"
    assert ExecuteTaskPayload(task_id="task_20260101_000000").task_id == "task_20260101_000000"
