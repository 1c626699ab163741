"""Request models: execute step resolution, list paging, table-name cleaning and decoding."""

import pytest
from pydantic import ValidationError

from services.gateway.schemas import CreateTaskFlat, ExecuteRequest, LogQuery, TaskListQuery
from services.gateway.table_names import clean_names, decode
from shared.errors import MissingParams, ValidationFailed


@pytest.mark.parametrize(
    ("body", "step"),
    [
        ({"step": "qa_generation"}, "qa_generation"),
        ({"step": "complete"}, "complete"),
        ({"execution_mode": "complete"}, "complete"),
        ({"execution_mode": "step", "step_name": "sql_validation"}, "sql_validation"),
        # step wins over the original form when both are given
        ({"step": "training_load", "execution_mode": "complete"}, "training_load"),
    ],
)
def test_resolved_step(body: dict[str, str], step: str) -> None:
    assert ExecuteRequest.model_validate(body).resolved_step() == step


@pytest.mark.parametrize(
    ("body", "missing"), [({}, ["step"]), ({"execution_mode": "step"}, ["step_name"])]
)
def test_missing_step(body: dict[str, str], missing: list[str]) -> None:
    with pytest.raises(MissingParams) as caught:
        ExecuteRequest.model_validate(body).resolved_step()
    assert caught.value.missing == missing


def test_flat_form_keeps_only_what_was_sent() -> None:
    form = CreateTaskFlat.model_validate({"task_type": "data_workflow", "db_name": "d"})
    params = form.parameters()
    assert params.db_name == "d"
    assert params.model_fields_set == {"db_name"}


@pytest.mark.parametrize(
    ("query", "window"),
    [
        ({}, (50, 0)),
        ({"limit": "10", "offset": "30"}, (10, 30)),
        ({"page": "3"}, (20, 40)),
        ({"page": "2", "page_size": "5", "limit": "99"}, (5, 5)),
    ],
)
def test_list_window(query: dict[str, str], window: tuple[int, int]) -> None:
    assert TaskListQuery.model_validate(query).window() == window


def test_list_statuses_and_timezones() -> None:
    query = TaskListQuery.model_validate(
        {"status": "pending, failed", "created_from": "2025-06-27T16:30:52+02:00"}
    )
    assert query.statuses() == ["pending", "failed"]
    assert query.created_from is not None
    assert (query.created_from.hour, query.created_from.tzinfo) == (14, None)


def test_log_level_is_normalised() -> None:
    assert LogQuery.model_validate({"level": "warning"}).level == "WARNING"
    with pytest.raises(ValidationError):
        LogQuery.model_validate({"level": "verbose"})


def test_clean_names_dedupes_drops_system_and_reports_invalid() -> None:
    # "b" is public.b again: a duplicate under another spelling
    assert clean_names(["a", "public.b", "a", "pg_catalog.pg_class", "b"]) == ["a", "public.b"]
    with pytest.raises(ValidationFailed) as caught:
        clean_names(["ok", "not ok", "x;y", "t-1"])
    assert caught.value.data["invalid_tables"] == ["t-1"]  # only what looks like a name
    assert caught.value.data["invalid_lines"] == [2, 3, 4]
    assert caught.value.data["invalid_count"] == 3


def test_decode_utf8_bom_and_gbk() -> None:
    assert decode("\ufeffbss_a".encode()) == "bss_a"
    assert decode("# 表\nbss_a".encode("gbk")) == "# 表\nbss_a"
    with pytest.raises(ValidationFailed):
        decode(b"\xff\xfe\xfa\xfb\x80\x81")
