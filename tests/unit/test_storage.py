import os

import pytest

from shared.errors import InvalidPath
from shared.storage import Storage, validate_task_id

TASK = "task_20250627_143052"


@pytest.mark.parametrize(
    "task_id",
    ["../x", "task_1/../../etc", "%2e%2e", "/etc", "task_20250627_143052/..", "task_2025_1", ""],
)
def test_bad_task_ids_are_refused(task_id):
    with pytest.raises(InvalidPath):
        validate_task_id(task_id)


def test_good_task_ids_pass():
    assert validate_task_id("task_20250627_143052_2") == "task_20250627_143052_2"


@pytest.mark.parametrize("name", ["../a", "..", "a/b", "/etc/passwd", "a\\b", "a\x00b", ""])
def test_bad_file_names_are_refused(tmp_path, name):
    with pytest.raises(InvalidPath):
        Storage(tmp_path).path(TASK, name)


async def test_symlink_in_task_dir_is_refused(tmp_path):
    storage = Storage(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    await storage.ensure_dir(TASK)
    os.symlink(outside, storage.task_dir(TASK) / "link.txt")
    with pytest.raises(InvalidPath):
        storage.path(TASK, "link.txt")
    assert [f.name for f in await storage.list_files(TASK)] == []


async def test_writes_are_atomic_and_described(tmp_path):
    storage = Storage(tmp_path)
    info = await storage.write_text(TASK, "a.ddl", "create table x ();")
    assert info.size == len("create table x ();")
    assert len(info.sha256) == 64
    assert sorted(p.name for p in storage.task_dir(TASK).iterdir()) == ["a.ddl"]


async def test_a_write_makes_its_directory_and_reports_what_a_fresh_read_sees(tmp_path):
    storage = Storage(tmp_path)
    written = await storage.write_text(TASK, "a.ddl", "CREATE TABLE 表 ();")
    other = "task_20250627_143053"
    await storage.append_text(other, "new.log", "one\n")  # an append makes it too
    assert written == await storage.info(TASK, "a.ddl")  # size, sha256 and mtime alike
    assert await storage.read_text(other, "new.log") == "one\n"
