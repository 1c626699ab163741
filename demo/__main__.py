"""python -m demo [--serve]: start the services, run one task through the HTTP API, print a
summary; with --serve the services keep running afterwards for the web console (Ctrl-C stops)."""

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp

from demo.client import ApiCallFailed, ApiClient
from demo.highway_db import DDL_DIR, DEFAULT_DSN
from demo.pgvector_server import ensure_vector_database
from demo.report import ProgressPrinter, print_summary
from demo.services import ServiceProcess, log_tail, start_services, stop_services
from demo.workflow import run_task
from shared.config import Settings
from shared.errors import DomainError
from shared.table_list import parse_table_list

READY_TIMEOUT_SECONDS = 60.0
TASK_TIMEOUT_SECONDS = 1800.0
SUCCESS = ("completed", "partial_completed")
# Embedded pgvector data directory, used only when the app database's server lacks pgvector.
VECTOR_DIR = Path(".demo/pgvector")


def service_env(settings: Settings, vector_url: str) -> dict[str, str]:
    """The children's environment: ours, plus the sample database when none is configured."""
    business = settings.business_database_url
    return {
        **os.environ,
        "DP_BUSINESS_DATABASE_URL": business.get_secret_value() if business else DEFAULT_DSN,
        "DP_VECTOR_DATABASE_URL": vector_url,
        "DP_DATA_ROOT": str(settings.data_root),
    }


async def vector_store(settings: Settings) -> str:
    """The configured store if it has pgvector, else an embedded one living as long as we do."""
    configured = settings.vector_url.get_secret_value()
    url = await ensure_vector_database(configured, VECTOR_DIR)
    if url != configured:
        print(f"应用库没有 pgvector，使用内置 pgvector 服务 ({VECTOR_DIR})")
    return url


async def wait_ready(client: ApiClient, services: list[ServiceProcess]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READY_TIMEOUT_SECONDS
    while not await client.ready():
        if dead := [s for s in services if s.exited()]:
            raise RuntimeError(f"服务 {dead[0].name} 已退出:\n{await log_tail(dead[0])}")
        if loop.time() > deadline:
            raise RuntimeError(f"网关在 {READY_TIMEOUT_SECONDS:.0f}s 内未就绪")
        await asyncio.sleep(0.5)


async def keep_serving(base_url: str, services: list[ServiceProcess]) -> None:
    """Until SIGINT or SIGTERM (handled here: a background job starts with SIGINT ignored, and
    SIGTERM would otherwise end us before the services), or until a service exits by itself."""
    print(f"服务保持运行，打开控制台: {base_url}/  (Ctrl-C 停止)", flush=True)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    waits: list[asyncio.Task[object]] = [asyncio.create_task(stop.wait())]
    waits += [asyncio.create_task(s.process.wait()) for s in services]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        for wait in waits:
            wait.cancel()
    if dead := [s for s in services if s.exited()]:
        raise RuntimeError(f"服务 {dead[0].name} 已退出:\n{await log_tail(dead[0])}")


async def run_demo(settings: Settings, serve: bool = False) -> int:
    base_url = f"http://{settings.http_host}:{settings.http_port}"
    tables = await asyncio.to_thread(_table_list)
    log_dir = Path(settings.data_root).parent / "logs"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        client = ApiClient(session, base_url)
        if await client.ready():
            print(f"{base_url} 上已有服务在运行；请先停止它或设置 DP_HTTP_PORT", file=sys.stderr)
            return 2
        env = service_env(settings, await vector_store(settings))
        print(f"启动服务 (日志: {log_dir}) ...")
        services = await start_services(env, log_dir)
        try:
            await wait_ready(client, services)
            print(f"网关已就绪: {base_url}；运行任务 ({len(tables)} 张表) ...")
            async with asyncio.timeout(TASK_TIMEOUT_SECONDS):
                run = await run_task(client, tables, ProgressPrinter())
            if serve:
                print_summary(run)
                await keep_serving(base_url, services)
        finally:
            print("停止服务 ...", flush=True)
            await stop_services(services)
    if not serve:
        print_summary(run)
    return 0 if run.task.get("status") in SUCCESS else 1


def _table_list() -> list[str]:
    text = (DDL_DIR / "table_list.txt").read_text(encoding="utf-8")
    return [name.table for name in parse_table_list(text).tables]


def main() -> int:
    try:
        return asyncio.run(run_demo(Settings(), serve="--serve" in sys.argv[1:]))
    except (ApiCallFailed, DomainError, RuntimeError, TimeoutError) as error:
        print(f"演示失败: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # --serve ends this way; the services were stopped on the way out
        return 0


if __name__ == "__main__":
    sys.exit(main())
