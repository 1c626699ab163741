"""The console in a real browser: Debian's chromium driven by Playwright, against the real
gateway (on a TCP port), executor and janitor on the session's PostgreSQL and RabbitMQ."""

import os
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import Browser, Page, ViewportSize, async_playwright

from services.executor.worker import run_worker
from services.gateway.app import create_app
from services.janitor.worker import run_worker as run_janitor
from shared.config import Settings
from tests.helpers.services import running

CHROMIUM = os.environ.get("DP_TEST_CHROMIUM", "/usr/bin/chromium")
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture(scope="package")
async def services(settings: Settings, pool: asyncpg.Pool) -> AsyncIterator[None]:
    quiet = settings.model_copy(update={"janitor_jobs": "zombies", "janitor_metrics_port": 0})
    async with running(run_worker, settings), running(run_janitor, quiet):
        yield


@pytest.fixture(scope="package")
async def console_url(settings: Settings, services: None) -> AsyncIterator[str]:
    server = TestServer(create_app(settings), host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture(scope="package")
async def browser() -> AsyncIterator[Browser]:
    # As root chromium refuses its sandbox; the tests only open our own pages.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser, console_url: str) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport=DESKTOP, base_url=console_url, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = await context.new_page()
    errors: list[Any] = []
    page.on("pageerror", lambda error: errors.append(error))  # noqa: PLW0108 (a builtin is refused)
    yield page
    await context.close()
    assert not errors, f"JavaScript errors on the page: {[e.stack for e in errors[:3]]}"
