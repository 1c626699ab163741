"""The operator CLI: `python -m services.janitor sweep --job ... --dry-run` prints the report."""

import asyncio
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


async def _cli(settings, root, *args):
    env = {
        **os.environ,
        "DP_DATABASE_URL": settings.database_url.get_secret_value(),
        "DP_AMQP_URL": settings.amqp_url.get_secret_value(),
        "DP_AMQP_NAMESPACE": settings.amqp_namespace,
        "DP_DATA_ROOT": str(root),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "services.janitor",
        *args,
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode, out.decode(), err.decode()


async def test_dry_run_sweep_prints_its_report_and_changes_nothing(settings, pool, tmp_path):
    orphan = tmp_path / "task_20990303_030303"
    orphan.mkdir()
    (orphan / "f.txt").write_bytes(b"abc")

    code, out, err = await _cli(settings, tmp_path, "sweep", "--job", "reconcile", "--dry-run")

    assert code == 0, err
    report = json.loads(out)
    assert (report["job"], report["dry_run"]) == ("reconcile", True)
    assert orphan.name in report["details"]["orphans"]
    assert orphan.exists()


async def test_unknown_job_is_refused(settings, tmp_path):
    code, _, err = await _cli(settings, tmp_path, "sweep", "--job", "everything")
    assert code == 2
    assert "invalid choice" in err
