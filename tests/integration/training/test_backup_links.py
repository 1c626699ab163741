"""A vector backup writes through a fresh temp file of its own (O_EXCL, random name): a symlink
planted at the old fixed temp name, or as the backup directory, never redirects it outside."""

import pytest

from services.executor.vectors import store
from services.executor.vectors.backup import backup_tables
from shared.errors import VectorStoreError
from shared.vector_backups import BACKUP_DIR

TS = "20261201_120000"


async def test_a_planted_temp_link_is_not_written_through(vector_pool, tmp_path):
    task_dir = tmp_path / "task_20261201_120000"
    (task_dir / BACKUP_DIR).mkdir(parents=True)
    victims = {}
    for table in store.VECTOR_TABLES:
        victim = tmp_path / f"victim_{table}"
        victim.write_text("canary")
        (task_dir / BACKUP_DIR / f"{table}_{TS}.csv.tmp").symlink_to(victim)
        victims[table] = victim
    result = await backup_tables(vector_pool, task_dir, TS)
    assert [v.read_text() for v in victims.values()] == ["canary", "canary"]
    for table in store.VECTOR_TABLES:
        written = task_dir / BACKUP_DIR / f"{table}_{TS}.csv"
        assert not written.is_symlink()
        assert written.read_text().startswith(("uuid", "id", "collection_id"))
        assert result.tables_backed_up[table].file_size == written.stat().st_size
    left = sorted(p.name for p in (task_dir / BACKUP_DIR).iterdir() if not p.is_symlink())
    assert all(name.endswith(".csv") for name in left), left  # no temp file left behind


async def test_a_symlinked_backup_directory_is_refused(vector_pool, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    task_dir = tmp_path / "task_20261201_120001"
    task_dir.mkdir()
    (task_dir / BACKUP_DIR).symlink_to(outside, target_is_directory=True)
    with pytest.raises(VectorStoreError, match="符号链接"):
        await backup_tables(vector_pool, task_dir, TS)
    assert list(outside.iterdir()) == []
