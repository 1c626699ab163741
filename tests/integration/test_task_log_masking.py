"""Task-log lines never hold a DSN password: not in data_pipeline.log, not in the DB rows (their
message or extra data). TaskLog.write masks every line once; this test watches that guard."""

import json

import asyncpg

from services.executor.tasklog import LOG_FILE, TaskLog
from shared.config import Settings
from shared.db import logs
from shared.storage import Storage
from tests.helpers.tasks import make_task

SECRET = "pw-SECRET-7f3"
DSN = f"postgresql://reader:{SECRET}@db.example:5432/highway_db"


async def test_task_log_lines_mask_dsn_passwords(pool: asyncpg.Pool, settings: Settings) -> None:
    task_id = await make_task(pool, settings.data_root)
    storage = Storage(settings.data_root)
    log = TaskLog(pool, storage, task_id, None)
    log.step = "ddl_generation"
    log.start()
    log.info(f"连接业务数据库: {DSN}")
    log.error(f"连接失败 ({DSN}): timeout", dsn=DSN, attempt=1)
    log.warning(f"retrying with password={SECRET}")
    await log.close()

    text = await storage.read_text(task_id, LOG_FILE)
    rows = await logs.query(pool, task_id)
    stored = json.dumps([(r.message, r.extra_data) for r in rows], ensure_ascii=False)
    assert (len(text.splitlines()), len(rows)) == (3, 3)
    assert SECRET not in text
    assert SECRET not in stored
    assert "postgresql://reader:******@db.example:5432/highway_db" in text
    assert "reader:******@" in stored
