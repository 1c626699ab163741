"""Task directory removal on a real file system: counts, symlinks, refused paths."""

import os

import pytest

from services.janitor import fs
from shared.errors import InvalidPath


async def test_remove_counts_files_and_bytes_in_nested_dirs(tmp_path):
    task_dir = tmp_path / "task_20990101_000001"
    (task_dir / "sub" / "deeper").mkdir(parents=True)
    (task_dir / "a.ddl").write_bytes(b"x" * 1000)
    (task_dir / "sub" / "b.md").write_bytes(b"y" * 2500)
    (task_dir / "sub" / "deeper" / "c.json").write_bytes(b"{}")

    tally = await fs.remove_task_dir(tmp_path, task_dir.name)

    assert (tally.existed, tally.files, tally.bytes) == (True, 3, 3502)
    assert not task_dir.exists()
    assert tmp_path.exists()


async def test_many_subtrees_are_removed_side_by_side_and_counted_exactly(tmp_path):
    task_dir = tmp_path / "task_20990101_000002"
    outside = tmp_path / "kept"
    outside.mkdir()
    (outside / "keep.txt").write_text("k")
    for i in range(3 * fs.REMOVERS):
        deeper = task_dir / f"part{i}" / "deeper"
        deeper.mkdir(parents=True)
        for j in range(i + 1):
            (deeper.parent / f"f{j}").write_bytes(b"z" * (j + 1))
        (deeper / "g").write_bytes(b"")
        (deeper / "link").symlink_to(outside)  # a link is an entry: unlinked, never followed
    (task_dir / "top.txt").write_bytes(b"t" * 10)
    measured = await fs.measure_task_dir(tmp_path, task_dir.name)

    tally = await fs.remove_task_dir(tmp_path, task_dir.name)

    assert (tally.files, tally.bytes) == (measured.files, measured.bytes)
    assert measured.files == 1 + sum(i + 1 + 2 for i in range(3 * fs.REMOVERS))
    assert not task_dir.exists()
    assert (outside / "keep.txt").exists()


async def test_symlinks_inside_are_unlinked_never_followed(tmp_path):
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_bytes(b"keep me")
    task_dir = root / "task_20990101_000002"
    task_dir.mkdir(parents=True)
    (task_dir / "own.txt").write_bytes(b"12345")
    os.symlink(outside / "precious.txt", task_dir / "link_to_file")
    os.symlink(outside, task_dir / "link_to_dir")

    tally = await fs.remove_task_dir(root, task_dir.name)

    assert not task_dir.exists()
    assert (outside / "precious.txt").read_bytes() == b"keep me"
    assert tally.bytes == 5  # the links' targets are not counted either
    assert tally.files == 3


async def test_missing_directory_is_not_an_error(tmp_path):
    tally = await fs.remove_task_dir(tmp_path, "task_20990101_000003")
    assert (tally.existed, tally.files, tally.bytes) == (False, 0, 0)


async def test_measure_reports_without_removing(tmp_path):
    task_dir = tmp_path / "task_20990101_000004"
    task_dir.mkdir()
    (task_dir / "f").write_bytes(b"abc")
    tally = await fs.measure_task_dir(tmp_path, task_dir.name)
    assert (tally.files, tally.bytes) == (1, 3)
    assert (task_dir / "f").exists()


@pytest.mark.parametrize(
    "task_id",
    [
        "../x",  # parent traversal
        "task_1/../../etc",  # traversal hidden behind a task-like prefix
        "%2e%2e",  # URL-encoded '..' that a naive decoder would turn into a traversal
        "/etc",  # absolute path
        "task_20990101_000005/..",  # a valid id followed by an escape
        "",  # empty
    ],
)
async def test_bad_task_ids_are_refused(tmp_path, task_id):
    (tmp_path / "victim").mkdir()
    with pytest.raises(InvalidPath):
        await fs.remove_task_dir(tmp_path, task_id)
    assert (tmp_path / "victim").exists()


async def test_task_dir_that_is_itself_a_symlink_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "data").write_bytes(b"1")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(elsewhere, root / "task_20990101_000006")
    with pytest.raises(InvalidPath):
        await fs.remove_task_dir(root, "task_20990101_000006")
    assert (elsewhere / "data").exists()


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1536, "1.5 KB"), (int(2.5 * 1024**2), "2.5 MB")],
)
def test_human_size(size, text):
    assert fs.human_size(size) == text


async def test_list_task_dirs_ignores_other_names_and_symlinks(tmp_path):
    (tmp_path / "task_20990101_000007").mkdir()
    (tmp_path / "not_a_task").mkdir()
    (tmp_path / "task_20990101_000008").write_bytes(b"a file, not a dir")
    os.symlink(tmp_path / "not_a_task", tmp_path / "task_20990101_000009")
    assert await fs.list_task_dirs(tmp_path) == ["task_20990101_000007"]
