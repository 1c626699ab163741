"""A data engineer's day in the console: create a task from the form, watch it run to 100 %
without reloading, read a DDL file inline, then delete the task through the confirm dialog."""

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.support import screenshot

TABLES = ["bss_company", "bss_service_area"]
pytestmark = pytest.mark.timeout(300)


async def create_and_run(page: Page, name: str) -> str:
    await page.goto("/ui/new")
    await page.get_by_label("任务名称").fill(name)
    await page.get_by_label("数据库名称").fill("highway_db")
    await page.get_by_role("button", name="读取表清单").click()
    for table in TABLES:  # picked from the inspector's list, found by the search box
        await page.get_by_label("搜索").fill(table)
        await page.get_by_role("checkbox", name=re.compile(rf"public\.{table}\b")).check()
    await page.get_by_label("搜索").fill("")
    await screenshot(page, "new_task")
    await page.get_by_role("button", name="创建并执行").click()
    await page.wait_for_url(re.compile(r"/ui/tasks/task_\d{8}_\d{6}"))
    return page.url.rsplit("/", 1)[-1]


async def test_a_task_runs_live_to_100_percent_and_shows_its_files(page: Page):
    task_id = await create_and_run(page, "浏览器测试任务")
    # No reload from here on: the page follows the task's event stream.
    await expect(page.locator("#task-progress-text")).to_have_text("100%", timeout=120_000)
    await expect(page.locator("#task-status")).to_have_text("已完成")
    card = page.locator('.step[data-step="ddl_generation"] .step-status')
    await expect(card).to_have_text("已完成")
    await expect(page.locator("#log li").first).to_be_visible()
    # The execution's end refreshes its history and the later steps' files, still no reload.
    await expect(page.locator("#executions tbody .badge").first).to_have_text("已完成")
    await expect(page.locator("#files tbody")).to_contain_text("_pair.json")
    ddl = page.locator("#files tr", has_text="bss_company.ddl")
    await ddl.get_by_role("button", name="预览").click()
    await expect(page.locator("#preview-title")).to_have_text("bss_company.ddl")
    await expect(page.locator("#preview-body pre")).to_contain_text(
        "create table public.bss_company"
    )
    await screenshot(page, "task")
    await page.goto("/")
    await expect(page.locator(f'tr[data-task-id="{task_id}"] .badge')).to_have_text("已完成")
    await screenshot(page, "tasks")


async def test_deleting_from_the_list_confirms_with_sizes(page: Page):
    task_id = await create_and_run(page, "待删除任务")
    await expect(page.locator("#task-status")).to_have_text("已完成", timeout=120_000)
    await page.goto("/")
    row = page.locator(f'tr[data-task-id="{task_id}"]')
    await row.get_by_role("checkbox").check()
    await page.get_by_role("button", name="删除所选").click()
    dialog = page.locator("#confirm-delete")
    await expect(dialog).to_be_visible()
    await expect(dialog.locator("#delete-list")).to_contain_text(
        re.compile(rf"{task_id}（[\d.]+ KB）")
    )
    await dialog.get_by_label("同时删除数据库记录").check()
    await dialog.get_by_role("button", name="确认删除").click()
    await expect(row).to_have_count(0, timeout=20_000)
