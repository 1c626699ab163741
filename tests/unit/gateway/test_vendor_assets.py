"""The vendored console assets are exactly the pinned npm files, and the console stays small."""

import hashlib
from pathlib import Path

import pytest

STATIC = Path(__file__).parents[3] / "services" / "gateway" / "static"
VENDOR = STATIC / "vendor"
BUDGET_BYTES = 150 * 1024  # all JS + CSS the console ships


def manifest() -> list[list[str]]:
    lines = (VENDOR / "MANIFEST").read_text().splitlines()
    return [line.split() for line in lines if line.strip()]


def test_manifest_pins_every_vendored_file():
    names = {row[0] for row in manifest()}
    on_disk = {p.name for p in VENDOR.iterdir() if p.name != "MANIFEST"}
    assert names == on_disk
    for _, spec, integrity, _ in manifest():
        assert "@" in spec.lstrip("@")  # package@version, never a range
        assert integrity.startswith("sha512-")


@pytest.mark.parametrize("row", manifest(), ids=lambda row: row[0])
def test_vendored_file_matches_its_recorded_hash(row):
    name, _, _, digest = row
    assert digest == "sha256:" + hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()


def test_console_assets_fit_the_budget():
    assets = [p for p in STATIC.rglob("*") if p.suffix in {".js", ".css"}]
    assert assets
    assert sum(p.stat().st_size for p in assets) < BUDGET_BYTES
