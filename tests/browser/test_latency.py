"""Issue 10's target, measured where it matters: a step's progress report (the executor's real
reporter: DB write, then the event) is on the task page's progress bar within 300 ms at the
95th percentile, while 49 more SSE clients follow the same task; each of those must get every
report too, within the same target (their receipt times are taken as the lines arrive)."""

import asyncio
import functools
import statistics
import time

import aiohttp
from playwright.async_api import Page, expect

from services.executor.context import progress_reporter
from shared.broker import Publisher
from shared.models import StepName, band_progress
from shared.topology import Topology
from tests.helpers import API, cancel_all, wait_until
from tests.helpers.tasks import make_task
from tests.sse import SSEReader

OTHER_CLIENTS = 49
REPORTS = 20
P95_TARGET_MS = 300
# Records when the page shows each progress value (Date.now(): the same clock as time.time()).
OBSERVE = """() => {
  window.__shown = {};
  const el = document.querySelector('#task-progress-text');
  new MutationObserver(() => { window.__shown[el.textContent] = Date.now(); })
    .observe(el, { childList: true, characterData: true, subtree: true });
}"""


async def _follow(
    session: aiohttp.ClientSession, url: str, opened: list[int], got: dict[int, float]
) -> None:
    """One more client: the time (ms) each progress value arrived."""
    async with session.get(url) as response:
        opened.append(response.status)
        reader = SSEReader(response)
        while True:
            message = await reader.next(timeout=120)
            if message.event == "progress":
                got.setdefault(int(message.data["progress"]), time.time() * 1000)


async def test_progress_reaches_the_page_within_300ms_p95(
    page: Page, console_url, pool, settings, amqp
):
    task_id = await make_task(pool, settings.data_root)
    publisher = await Publisher.open(amqp, Topology(settings.amqp_namespace))
    await page.goto(f"/ui/tasks/{task_id}")
    await expect(page.locator("#task-status")).to_have_text("待执行")
    await page.evaluate(OBSERVE)
    opened: list[int] = []
    got: list[dict[int, float]] = [{} for _ in range(OTHER_CLIENTS)]
    async with aiohttp.ClientSession() as session:
        url = f"{console_url}{API}/tasks/{task_id}/events"
        others = [asyncio.create_task(_follow(session, url, opened, g)) for g in got]
        try:
            await wait_until(lambda: _all_open(opened), timeout=30)
            started = await _measure(page, pool, publisher, task_id)
            await wait_until(lambda: _all_got(got, started), timeout=10)
        finally:
            await cancel_all(others)
    page_ms = [shown - started[value] for value, shown in started.shown.items()]
    others_ms = [at - started[value] for g in got for value, at in g.items() if value in started]
    assert len(others_ms) == OTHER_CLIENTS * REPORTS  # every client got every report
    for who, latencies in (("the page", page_ms), (f"{OTHER_CLIENTS} SSE clients", others_ms)):
        p95 = statistics.quantiles(latencies, n=20)[-1]
        print(f"progress to {who}: p50 {statistics.median(latencies):.0f} ms, "
              f"p95 {p95:.0f} ms, max {max(latencies):.0f} ms")  # fmt: skip
        assert p95 < P95_TARGET_MS, who


class Reports(dict[int, float]):
    """progress value -> when the step reported it (ms); `shown`: when the page showed it."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: dict[int, float] = {}


async def _measure(page: Page, pool, publisher, task_id: str) -> Reports:
    report = progress_reporter(pool, publisher, task_id, "e_latency", StepName.ddl_generation)
    reports = Reports()
    for i in range(1, REPORTS + 1):
        value = band_progress(StepName.ddl_generation, i / REPORTS)
        reports[value] = time.time() * 1000
        await report(i / REPORTS)
        shown = await wait_until(functools.partial(_shown, page, f"{value}%"), timeout=10)
        assert shown is not None  # wait_until returns only a truthy value
        reports.shown[value] = shown
    assert len(reports) == REPORTS  # distinct values: no report is matched to an older one
    return reports


async def _shown(page: Page, text: str) -> float | None:
    """When the page showed `text` (polled; the time itself was taken by the page)."""
    value = await page.evaluate("(t) => window.__shown[t] ?? null", text)
    return float(value) if value is not None else None


async def _all_open(opened):
    return len(opened) == OTHER_CLIENTS


async def _all_got(got: list[dict[int, float]], started: Reports) -> bool:
    return all(value in g for g in got for value in started)
