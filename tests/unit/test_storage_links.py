"""H3, M1, L8, L3: planted links never redirect a write or a read out of the data root; two
writers never share a temp file; any depth of tree can be deleted."""

import asyncio
import os
from pathlib import Path

import pytest

from services.janitor import fs
from shared.errors import InvalidPath
from shared.storage import Storage

TASK = "task_20990101_000001"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    victim = tmp_path / "outside"
    victim.mkdir()
    (victim / "victim").write_text("precious", "utf-8")
    return victim


@pytest.fixture
def storage(tmp_path: Path) -> Storage:
    (tmp_path / "root" / TASK).mkdir(parents=True)
    return Storage(tmp_path / "root")


async def test_planted_temp_link_is_not_written_through(storage, outside):
    """The review's repro: ln -s $OUT/victim $DATA/<task>/.table_list.txt.tmp, then write."""
    task_dir = storage.task_dir(TASK)
    (task_dir / ".table_list.txt.tmp").symlink_to(outside / "victim")
    (task_dir / ".ddl_generation_result.json.tmp").symlink_to(outside / "victim")
    await storage.write_text(TASK, "table_list.txt", "a\n")
    await storage.write_json(TASK, "ddl_generation_result.json", {"ok": True})
    assert (outside / "victim").read_text("utf-8") == "precious"
    assert not (task_dir / "table_list.txt").is_symlink()
    assert await storage.read_text(TASK, "table_list.txt") == "a\n"


async def test_symlinked_task_directory_is_refused_everywhere(storage, outside):
    task_dir = storage.task_dir(TASK)
    task_dir.rmdir()
    task_dir.symlink_to(outside, target_is_directory=True)
    for attempt in (
        storage.read_text(TASK, "victim"),
        storage.list_files(TASK),
        storage.write_text(TASK, "table_list.txt", "a\n"),
        storage.append_text(TASK, "data_pipeline.log", "x\n"),
        storage.ensure_dir(TASK),
        storage.dir_exists(TASK),
        storage.real_dir(TASK),
    ):
        with pytest.raises(InvalidPath):
            await attempt
    assert sorted(p.name for p in outside.iterdir()) == ["victim"]


async def test_links_and_hardlinks_inside_are_not_read(storage, outside):
    task_dir = storage.task_dir(TASK)
    (task_dir / "soft.txt").symlink_to(outside / "victim")
    os.link(outside / "victim", task_dir / "hard.txt")
    for name in ("soft.txt", "hard.txt"):
        with pytest.raises(InvalidPath):
            await storage.read_text(TASK, name)
    assert [f.name for f in await storage.list_files(TASK)] == []


async def test_concurrent_writers_of_one_file_never_collide(storage):
    """L8: two writers of table_list.txt shared `.table_list.txt.tmp`; one lost its file."""
    texts = [f"writer {i}\n" * 200 for i in range(40)]
    await asyncio.gather(*(storage.write_text(TASK, "table_list.txt", t) for t in texts))
    assert await storage.read_text(TASK, "table_list.txt") in texts
    assert os.listdir(storage.task_dir(TASK)) == ["table_list.txt"]  # no temp file left


async def test_a_tree_deeper_than_the_recursion_limit_is_deleted(tmp_path):
    """L3: a 1,100-deep tree made the recursive walk raise RecursionError; delete stuck."""
    task_dir = tmp_path / TASK
    await asyncio.to_thread(_deep_tree, str(task_dir), 1100)
    measured = await fs.measure_task_dir(tmp_path, TASK)
    assert (measured.files, measured.bytes) == (1, 3)
    tally = await fs.remove_task_dir(tmp_path, TASK)
    assert (tally.existed, tally.files, tally.bytes) == (True, 1, 3)
    assert not task_dir.exists()


def _deep_tree(top: str, depth: int) -> None:
    os.mkdir(top)
    for _ in range(depth):  # one level at a time: os.makedirs itself recurses
        top += "/a"
        os.mkdir(top)
    with open(f"{top}/f", "wb") as f:
        f.write(b"xyz")
