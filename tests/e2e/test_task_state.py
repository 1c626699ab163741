"""Task state never contradicts itself: result, progress, errors, is_final, current step,
recreated directories and the complete re-run backup, through HTTP and the real executor."""

import json
import shutil

import pytest

from shared.db import tasks
from shared.secrets import mask_dsn
from shared.storage import Storage
from tests.helpers import API, wait_until
from tests.helpers.api import HIGHWAY_TASK, json_of, settled, task_detail
from tests.helpers.databases import LOCKED_TABLE, table_locked

pytestmark = pytest.mark.usefixtures("executor")
TABLES = ["bss_company", "bss_service_area"]
SECRET_DSN = "postgresql://reader:pw-SECRET-1@127.0.0.1:5432/highway_db"


async def _create(api, body=HIGHWAY_TASK):
    return (await json_of(await api.post(f"{API}/tasks", json=body), 201))["data"]["task_id"]


async def _step(api, task_id, step, **extra):
    body = {"step": step, **extra}
    await json_of(await api.post(f"{API}/tasks/{task_id}/execute", json=body), 202)
    return await wait_until(lambda: settled(api, task_id), timeout=120)


def _steps(task):
    return {s["step_name"]: s for s in task["steps"]}


async def _file_names(api, task_id):
    files = await json_of(await api.get(f"{API}/tasks/{task_id}/files"), 200)
    return {f["file_name"] for f in files["data"]["files"]}


async def test_failure_keeps_its_progress_and_error_until_a_completed_run(gateway_api):
    task_id = await _create(gateway_api)
    await _step(gateway_api, task_id, "ddl_generation", clean_previous=True)
    query = {"keyword": "已清理步骤 ddl_generation"}
    cleaned = await gateway_api.post(f"{API}/tasks/{task_id}/logs/query", json=query)
    [line] = (await json_of(cleaned, 200))["data"]["logs"]
    assert "旧输出文件 0 个" in line["message"]  # a first run had nothing to clean
    failed = await _step(gateway_api, task_id, "sql_validation", force_execute=True)
    assert (failed["status"], failed["is_final"]) == ("failed", True)
    progress_at_failure = failed["progress"]
    assert progress_at_failure < 100
    after = await _step(gateway_api, task_id, "training_load")
    assert after["status"] == "failed"
    assert after["progress"] == progress_at_failure
    assert after["error_message"].startswith("sql_validation:")
    steps = _steps(after)
    assert steps["sql_validation"]["error_message"]
    assert steps["training_load"]["error_message"] is None
    assert after["result"]["success"] is False
    assert after["result"]["failed_steps"] == ["sql_validation"]
    assert "task_result.json" in await _file_names(gateway_api, task_id)

    await _step(gateway_api, task_id, "qa_generation")
    done = await _step(gateway_api, task_id, "sql_validation")
    assert (done["status"], done["progress"], done["is_final"]) == ("completed", 100, True)
    assert done["error_message"] is None
    assert all(s["error_message"] is None for s in done["steps"])
    assert done["result"]["success"] is True
    assert done["result"]["execution_mode"] == "step"
    assert set(done["result"]["artifacts"]) == {
        "ddl_generation",
        "qa_generation",
        "sql_validation",
        "training_load",
    }


async def test_skipped_steps_count_as_done(gateway_api):
    body = {**HIGHWAY_TASK, "enable_sql_validation": False, "enable_training_data_load": False}
    started = await json_of(await gateway_api.post(f"{API}/tasks/execute-complete", json=body), 202)
    task_id = started["data"]["task_id"]
    task = await wait_until(lambda: settled(gateway_api, task_id), timeout=120)
    assert (task["status"], task["progress"]) == ("completed", 100)
    assert task["result"]["skipped_steps"] == ["sql_validation", "training_load"]
    assert _steps(task)["qa_generation"]["execution_id"] == started["data"]["execution_id"]
    # Each step's duration to the millisecond, though the API's times stop at the second.
    runs = await json_of(await gateway_api.get(f"{API}/tasks/{task_id}/executions"), 200)
    [execution] = runs["data"]["executions"]
    durations = [_steps(task)[s]["duration"] for s in ("ddl_generation", "qa_generation")]
    assert all(0 < d <= execution["duration"] for d in durations), (durations, execution)
    assert _steps(task)["sql_validation"]["duration"] is None  # skipped: never ran


async def test_complete_mode_names_the_running_step(gateway_api, business_copy):
    body = {"table_list": [LOCKED_TABLE], "db_connection": business_copy}
    task_id = await _create(gateway_api, body)
    async with table_locked(business_copy):
        execute = await gateway_api.post(
            f"{API}/tasks/{task_id}/execute", json={"step": "complete"}
        )
        await json_of(execute, 202)

        async def running():
            current = (await task_detail(gateway_api, task_id))["current_execution"]
            return current if current and current["step"] else None

        current = await wait_until(running, timeout=30)
        assert (current["step"], current["scope"]) == ("ddl_generation", "complete")
        assert (await task_detail(gateway_api, task_id))["is_final"] is False
    await wait_until(lambda: settled(gateway_api, task_id), timeout=120)


async def test_an_execution_recreates_a_deleted_directory_at_once(gateway_api, pool, settings):
    task_id = await _create(gateway_api)
    storage = Storage(settings.data_root)
    config_file = storage.task_dir(task_id) / "task_config.json"

    async def created():
        return config_file.is_file()

    await wait_until(created, timeout=30)
    shutil.rmtree(storage.task_dir(task_id))
    await tasks.set_directory_exists(pool, task_id, False)
    await _step(gateway_api, task_id, "ddl_generation")
    assert (await task_detail(gateway_api, task_id))["directory_exists"] is True
    config = json.loads(await storage.read_text(task_id, "task_config.json"))
    assert config["task_id"] == task_id
    assert "bss_company" in await storage.read_text(task_id, "table_list.txt")


async def test_a_complete_rerun_backs_up_the_previous_outputs(gateway_api, settings):
    task_id = await _create(gateway_api)
    first = await _step(gateway_api, task_id, "complete")
    assert first["status"] == "completed"
    await _step(gateway_api, task_id, "complete")
    directory = Storage(settings.data_root).task_dir(task_id)
    [backup] = [p for p in directory.iterdir() if p.name.startswith("file_bak_")]
    info = json.loads((backup / "backup_info.json").read_text("utf-8"))
    assert "task_result.json" in info["moved_files"]
    pairs = [p.name for p in directory.iterdir() if p.name.endswith("_pair.json")]
    assert len(pairs) == 1
    assert "task_config.json" in {p.name for p in directory.iterdir()}
    assert not (backup / "task_config.json").exists()


async def test_task_config_records_the_masked_dsn_used(gateway_api, settings):
    own = SECRET_DSN
    storage = Storage(settings.data_root)
    for body, dsn in (
        (HIGHWAY_TASK, settings.default_business_dsn),
        ({**HIGHWAY_TASK, "db_connection": own}, own),
    ):
        task_id = await _create(gateway_api, body)
        path = storage.task_dir(task_id) / "task_config.json"

        async def written(path=path):
            return path.is_file()

        await wait_until(written, timeout=30)
        text = path.read_text("utf-8")
        assert "pw-SECRET-1" not in text
        config = json.loads(text)["parameters"]
        assert config["db_connection"] == mask_dsn(dsn)
        assert config["output_dir"] == settings.task_dir_label(task_id)


async def test_log_opens_with_the_documents_lines_and_skip_training(gateway_api, settings):
    # The local server trusts its clients: a password in the DSN is ignored but must be masked.
    dsn = settings.default_business_dsn.replace("postgres@", "postgres:pw-SECRET-1@", 1)
    task_id = await _create(gateway_api, {**HIGHWAY_TASK, "db_connection": dsn})
    task = await _step(gateway_api, task_id, "complete", skip_training=True)
    assert (task["status"], task["step_status"]["training_load"]) == ("completed", "skipped")
    body = {"sort_order": "asc", "page_size": 2}
    first = await json_of(
        await gateway_api.post(f"{API}/tasks/{task_id}/logs/query", json=body), 200
    )
    opening = [entry["message"] for entry in first["data"]["logs"]]
    assert opening[0] == f"任务目录日志初始化完成 - 任务ID: {task_id}"
    assert opening[1].startswith("任务参数: {")
    text = await Storage(settings.data_root).read_text(task_id, "data_pipeline.log")
    assert "任务目录日志初始化完成" in text.splitlines()[0]
    assert "pw-SECRET-1" not in text
