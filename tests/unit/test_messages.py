import json

import pytest
from pydantic import ValidationError

from shared.messages import CreateTask, ExecuteTask, decode_command
from shared.parameters import TaskParameters


def test_commands_round_trip_through_json():
    cmd = ExecuteTask(payload={"task_id": "task_20250627_143052", "step": "qa_generation"})
    decoded = decode_command(cmd.model_dump_json().encode())
    assert decoded == cmd
    assert isinstance(decoded, ExecuteTask)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        json.dumps({"type": "task.unknown", "payload": {}}).encode(),
        json.dumps(
            {"type": "task.execute", "payload": {"task_id": "../etc"}}
        ).encode(),  # id pattern
        json.dumps(
            {"type": "task.execute", "payload": {"task_id": "task_20250627_143052", "step": "ddl"}}
        ).encode(),  # unknown step
        json.dumps(
            {
                "type": "task.delete",
                "payload": {"task_ids": ["task_20250627_143052"], "confirm": False},
            }
        ).encode(),  # confirm must be true
        json.dumps({"type": "task.create", "payload": {}, "extra": 1}).encode(),  # unknown field
    ],
)
def test_invalid_bodies_are_refused_at_the_edge(body):
    with pytest.raises(ValidationError):
        decode_command(body)


def test_db_connection_object_form_becomes_a_dsn():
    params = TaskParameters(
        db_connection={"host": "h", "port": 5433, "database": "d", "user": "u", "password": "p@ss"}
    )
    assert params.db_connection == "postgresql://u:p%40ss@h:5433/d"
    assert params.resolved_db_name() == "d"


def test_db_connection_must_be_postgresql():
    with pytest.raises(ValidationError):
        TaskParameters(db_connection="mysql://u@h/d")


def test_create_defaults():
    cmd = CreateTask(payload={})
    assert cmd.payload.parameters.business_context == "数据库管理系统"
    assert cmd.payload.task_type == "data_workflow"
