"""`python -m demo --serve` (what ./scripts/demo.sh --serve runs after building the sample DB):
the demo task completes, the console answers at the printed URL, and SIGTERM stops the demo
and its three services cleanly. On its own app DB, vector DB, namespace and port."""

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from shared.topology import Topology
from tests.e2e.test_schemathesis import REPO, _free_port
from tests.helpers.broker import delete_topology
from tests.helpers.databases import RUN_ID, fresh_database

URL_LINE = re.compile(r"打开控制台: (http://\S+/)")


def _env(settings, app_db: str, vector_db: str, business: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DP_")}
    return {
        **env,
        "DP_DATABASE_URL": app_db,
        "DP_AMQP_URL": settings.amqp_url.get_secret_value(),
        "DP_AMQP_NAMESPACE": f"{settings.amqp_namespace}_demo",
        "DP_BUSINESS_DATABASE_URL": business,
        "DP_VECTOR_DATABASE_URL": vector_db,
        "DP_DATA_ROOT": str(tmp / "data_pipeline" / "training_data"),
        "DP_SECRET_KEY_FILE": str(tmp / "secret.key"),
        "DP_TABLE_LIST_DIR": str(tmp / "table_lists"),
        "DP_HTTP_PORT": str(_free_port()),
        "DP_LOG_LEVEL": "WARNING",
    }


async def _console_url(stdout: asyncio.StreamReader, seen: list[str]) -> str:
    while line := await stdout.readline():
        seen.append(line.decode("utf-8", "replace"))
        if found := URL_LINE.search(seen[-1]):
            return found.group(1)
    raise AssertionError("the demo ended without printing the console URL:\n" + "".join(seen))


@pytest.mark.timeout(120)
async def test_demo_serve_keeps_the_console_up_until_sigterm(
    settings, amqp, pg_server_url, vector_db_url, business_db_url, tmp_path
):
    async with (
        fresh_database(pg_server_url, f"dp_test_demo_{RUN_ID}") as app_db,
        fresh_database(vector_db_url, f"dp_test_demo_vec_{RUN_ID}") as vector_db,
    ):
        env = _env(settings, app_db, vector_db, business_db_url, tmp_path)
        proc = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "demo", "--serve"),
            env=env,
            cwd=REPO,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert proc.stdout is not None
        seen: list[str] = []
        try:
            url = await asyncio.wait_for(_console_url(proc.stdout, seen), timeout=60)
            assert url == f"http://127.0.0.1:{env['DP_HTTP_PORT']}/"
            assert any("completed (进度 100%)" in line for line in seen), "".join(seen)
            async with aiohttp.ClientSession() as session, session.get(url) as page:
                assert page.status == 200
                assert "数据管道控制台" in await page.text()
            proc.send_signal(signal.SIGTERM)
            rest, _ = await asyncio.wait_for(proc.communicate(), timeout=45)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
            await delete_topology(amqp, Topology(env["DP_AMQP_NAMESPACE"]))
        assert proc.returncode == 0, "".join(seen) + rest.decode("utf-8", "replace")
        assert "停止服务" in rest.decode("utf-8", "replace")
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.ClientConnectionError):  # the gateway stopped with it
                await session.get(url)
