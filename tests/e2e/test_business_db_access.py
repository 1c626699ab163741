"""C1: a task reaches only allowed business databases, and its password is nowhere at rest."""

import functools
from urllib.parse import urlsplit, urlunsplit

import pytest

from shared.db import tasks
from shared.messages import CreateTask, CreateTaskPayload, ExecuteTask, ExecuteTaskPayload
from shared.parameters import TaskParameters
from tests.helpers import API, wait_until

pytestmark = pytest.mark.usefixtures("executor")
SECRET = "S3cretPassw0rd"


def with_password(url: str, password: str) -> str:
    """Trust auth ignores the password, but it travels through the whole system."""
    parts = urlsplit(url)
    netloc = f"{parts.username or 'postgres'}:{password}@{parts.hostname}:{parts.port or 5432}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


async def _settled(pool, task_id):
    task = await tasks.get(pool, task_id)
    return task if task and task.step_status["ddl_generation"] in ("completed", "failed") else None


async def test_request_to_the_app_database_is_refused(gateway_api, settings):
    """The review's repro: execute-complete on the app DB, then grep other tasks' passwords."""
    for dsn in (
        settings.database_url.get_secret_value(),
        with_password(settings.database_url.get_secret_value(), SECRET),
        settings.business_database_url.get_secret_value().rsplit("/", 1)[0] + "/template1",
        "postgresql://x@127.0.0.1:5672/x",  # the RabbitMQ port: loopback, but not a PG answer
        settings.business_database_url.get_secret_value() + "?sslrootcert=/etc/passwd",
        "postgresql://x@192.0.2.1:5432/hw",
    ):
        body = {"db_connection": dsn, "table_list": ["data_pipeline_tasks"]}
        response = await gateway_api.post(f"{API}/tasks/execute-complete", json=body)
        envelope = await response.json()
        if "5672" in dsn:
            assert response.status == 202, envelope  # allowed host: fails generically later
            continue
        assert response.status == 400, (dsn, envelope)
        assert envelope["error_code"] == "DATABASE_NOT_ALLOWED"
        assert SECRET not in str(envelope)


async def test_executor_rechecks_a_command_from_another_publisher(pool, publisher, settings):
    app_db = with_password(settings.database_url.get_secret_value(), SECRET)
    params = TaskParameters(db_connection=app_db, table_list=["data_pipeline_tasks"])
    create = CreateTask(payload=CreateTaskPayload(parameters=params))
    await publisher.command(create, "task.create")
    task = await wait_until(lambda: _by_command(pool, str(create.command_id)), timeout=20)
    run = ExecuteTask(payload=ExecuteTaskPayload(task_id=task.id, step="ddl_generation"))
    await publisher.command(run, "task.execute")
    failed = await wait_until(lambda: _settled(pool, task.id), timeout=30)
    assert failed.step_status["ddl_generation"] == "failed"
    assert "DATABASE_NOT_ALLOWED" in (failed.error_message or "")
    assert SECRET not in str(failed.parameters)
    assert failed.sealed_parameters
    assert SECRET not in failed.sealed_parameters


async def test_password_is_sealed_at_rest_and_opened_to_connect(gateway_api, pool, settings):
    dsn = with_password(settings.business_database_url.get_secret_value(), SECRET)
    body = {"db_connection": dsn, "table_list": ["bss_company"]}
    created = await gateway_api.post(f"{API}/tasks", json=body)
    task_id = (await created.json())["data"]["task_id"]
    started = await gateway_api.post(
        f"{API}/tasks/{task_id}/execute", json={"step": "ddl_generation"}
    )
    assert started.status == 202, await started.text()
    task = await wait_until(lambda: _settled(pool, task_id), timeout=60)
    assert task.step_status["ddl_generation"] == "completed", task.error_message
    assert SECRET not in await _dump(pool)  # what a pg_dump of the app DB would hold
    for info in await _files(settings, task_id):
        assert SECRET not in info


async def test_connection_errors_have_one_generic_form(gateway_api, pool, settings):
    base = settings.business_database_url.get_secret_value().rsplit("/", 1)[0]
    for dsn, expected in (
        ("postgresql://x@127.0.0.1:1/hw", "ddl_generation: 无法连接业务数据库"),
        (f"{base}/no_such_db_here", "ddl_generation: 无法连接业务数据库 (SQLSTATE 3D000)"),
    ):
        body = {"db_connection": dsn, "table_list": ["t"]}
        created = await gateway_api.post(f"{API}/tasks", json=body)
        task_id = (await created.json())["data"]["task_id"]
        await gateway_api.post(f"{API}/tasks/{task_id}/execute", json={"step": "ddl_generation"})
        task = await wait_until(functools.partial(_settled, pool, task_id), timeout=60)
        assert task.error_message == expected


async def _by_command(pool, command_id):
    row = await pool.fetchrow(
        "SELECT task_id FROM data_pipeline_commands WHERE command_id = $1 AND status = 'completed'",
        command_id,
    )
    return await tasks.get(pool, row["task_id"]) if row else None


async def _dump(pool) -> str:
    names = await pool.fetch(
        "SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = 'public'"
    )
    parts = [
        await pool.fetchval(f"SELECT string_agg(x::text, E'\\n') FROM {r['t']} x") for r in names
    ]
    return "\n".join(p for p in parts if p)


async def _files(settings, task_id):
    directory = settings.data_root / task_id
    return [p.read_text("utf-8", "replace") for p in directory.iterdir() if p.is_file()]
