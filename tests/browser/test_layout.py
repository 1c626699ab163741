"""The console at 390 px wide (no page-wide horizontal scrolling: wide tables scroll in their
own box) and from the keyboard alone."""

import re

import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.support import PHONE, screenshot
from tests.helpers import API


@pytest.fixture
async def phone(browser: Browser, console_url: str):
    context = await browser.new_context(viewport=PHONE, base_url=console_url, locale="zh-CN")
    yield await context.new_page()
    await context.close()


async def _fits(page: Page) -> bool:
    width = await page.evaluate("document.documentElement.scrollWidth")
    return bool(width <= PHONE["width"])


async def test_every_page_fits_a_390px_screen(phone: Page):
    created = await phone.request.post(f"{API}/tasks", data={"table_list": ["bss_company"]})
    task_id = (await created.json())["data"]["task_id"]
    for path, loaded, name in (
        ("/", "#page-info", "tasks_phone"),
        ("/ui/new", "h1", None),
        (f"/ui/tasks/{task_id}", "#task-meta", "task_phone"),
    ):
        await phone.goto(path)
        await expect(phone.locator(loaded)).to_have_text(re.compile(r"\S"))  # data is in
        assert await _fits(phone), path
        if name:
            await screenshot(phone, name)


async def test_the_new_task_form_works_from_the_keyboard(page: Page):
    await page.goto("/ui/new")
    await page.keyboard.press("Tab")
    await expect(page.locator(":focus")).to_have_text("跳到正文")
    for _ in range(12):
        await page.keyboard.press("Tab")
        if await page.evaluate("document.activeElement.id") == "load-tables":
            break
    await expect(page.locator(":focus")).to_have_text("读取表清单")
    await page.keyboard.press("Enter")
    await expect(page.locator(".table-item").first).to_be_visible()
    await page.keyboard.press("Tab")
    await expect(page.locator(":focus")).to_have_attribute("name", "table")
