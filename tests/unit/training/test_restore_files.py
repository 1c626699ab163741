"""Backup-set files: where they may be, their format, and the original's repr rewritten."""

import csv
import json

import pytest

from services.executor.vectors import restore_files
from shared.errors import BackupNotFound, InvalidPath, RestoreFailed
from shared.vector_backups import scan

EMBEDDING = "langchain_pg_embedding"
HEADER = ["id", "collection_id", "embedding", "document", "cmetadata"]


def _write(path, rows, header=HEADER):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def test_backup_dir_stays_inside_the_data_root(tmp_path):
    root = tmp_path / "root"
    (root / "vector_bak").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (root / "escape").symlink_to(tmp_path / "outside")
    assert restore_files.backup_dir(root, "vector_bak") == (root / "vector_bak").resolve()
    assert restore_files.backup_dir(root, str(root / "vector_bak")) == (root / "vector_bak")
    for bad in ("../outside", str(tmp_path / "outside"), "escape", "vector_bak/\x00"):
        with pytest.raises(InvalidPath):
            restore_files.backup_dir(root, bad)
    with pytest.raises(BackupNotFound):
        restore_files.backup_dir(root, "task_20250101_000000/vector_bak")


def test_a_name_too_long_or_a_link_loop_is_bad_input_not_a_store_failure(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for bad in ("0" * 300, "vector_bak/" + "é" * 128, "loop/x"):  # ENAMETOOLONG, ELOOP
        with pytest.raises(InvalidPath):
            restore_files.backup_dir(tmp_path, bad)


def test_shape_tells_json_from_the_originals_python_repr(tmp_path):
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    _write(ours, [["a-ddl", "u", "[1]", "d", json.dumps({"id": "a-ddl"})]])
    _write(theirs, [["a-sql", "u", "[1]", "d", str({"id": "a-sql", "createdat": None})]])
    assert restore_files.shape(EMBEDDING, ours).python_repr is False
    assert restore_files.shape(EMBEDDING, theirs).python_repr is True


def test_a_foreign_header_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    _write(path, [], header=["id", "password"])
    with pytest.raises(RestoreFailed):
        restore_files.shape(EMBEDDING, path)


def test_rewrite_turns_repr_into_json_and_counts_rows(tmp_path):
    path = tmp_path / "theirs.csv"
    meta = str({"id": "a-sql", "createdat": None, "n": True})
    _write(path, [["a-sql", "u", "[1]", 'doc, with "quotes"\nand a newline', meta]] * 3)
    copy, rows = restore_files.rewrite_as_json(path, HEADER)
    try:
        with copy.open(newline="", encoding="utf-8") as f:
            records = list(csv.DictReader(f))
    finally:
        copy.unlink()
    assert rows == len(records) == 3
    assert json.loads(records[0]["cmetadata"]) == {"id": "a-sql", "createdat": None, "n": True}
    assert records[0]["document"] == 'doc, with "quotes"\nand a newline'


def test_code_in_cmetadata_is_never_evaluated(tmp_path):
    path = tmp_path / "evil.csv"
    _write(path, [["a", "u", "[1]", "d", "__import__('os').system('true')"]])
    with pytest.raises(RestoreFailed):
        restore_files.rewrite_as_json(path, HEADER)
    assert not list(tmp_path.glob("dp_restore_*"))


def test_scan_lists_complete_sets_newest_first(tmp_path):
    bak = tmp_path / "task_20250101_000000" / "vector_bak"
    bak.mkdir(parents=True)
    for ts in ("20250101_000001", "20250101_000002"):
        for table in ("langchain_pg_collection", EMBEDDING):
            (bak / f"{table}_{ts}.csv").write_text("h\n")
    (bak / "langchain_pg_collection_20250101_000003.csv").write_text("h\n")  # incomplete
    found = scan(tmp_path)
    [location] = found["backup_locations"]
    assert location["task_id"] == "task_20250101_000000"
    assert [b["timestamp"] for b in location["backups"]] == ["20250101_000002", "20250101_000001"]
    assert found["summary"]["task_backups"] == 2
    assert scan(tmp_path, global_only=True)["summary"]["total_backup_sets"] == 0
