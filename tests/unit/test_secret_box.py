"""Secrets at rest: the key file is created private on first start and shared afterwards."""

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from shared.config import Settings
from shared.secret_box import load_box


def test_key_file_created_0600_once_and_reused(tmp_path: Path) -> None:
    key_file = tmp_path / "data_pipeline" / "secret.key"
    settings = Settings(secret_key_file=key_file)
    with ThreadPoolExecutor(4) as pool:  # services starting together agree on one key
        boxes = list(pool.map(lambda _: load_box(settings), range(8)))
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    token = boxes[0].seal({"db_connection": "postgresql://u:pw@h/d"})
    assert all(b.open(token) == {"db_connection": "postgresql://u:pw@h/d"} for b in boxes)
    assert [p.name for p in key_file.parent.iterdir()] == ["secret.key"]  # no temp left


def test_key_from_environment_wins_and_a_wrong_key_cannot_open(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    box = load_box(Settings(secret_key=key, secret_key_file=tmp_path / "unused"))
    assert not (tmp_path / "unused").exists()
    token = box.seal("x")
    other = load_box(Settings(secret_key_file=tmp_path / "k"))
    with pytest.raises(ValueError, match="DP_SECRET_KEY"):
        other.open(token)


def test_seal_parameters_keeps_masked_and_seals_the_original(tmp_path: Path) -> None:
    box = load_box(Settings(secret_key_file=tmp_path / "k"))
    plain = {"db_connection": "postgresql://u:S3cret@h/d", "llm_config": {"api_key": "sk-1"}}
    masked, sealed = box.seal_parameters(plain)
    assert "S3cret" not in str(masked)
    assert "sk-1" not in str(masked)
    assert sealed is not None
    assert "S3cret" not in sealed
    assert box.open(sealed) == plain
    assert box.seal_parameters({"table_list": ["t"]}) == ({"table_list": ["t"]}, None)
