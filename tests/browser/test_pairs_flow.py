"""Pair review in the browser: edit a pair into invalid SQL and see the verdict at once,
approve the valid ones, then load: with require_review only the approved pairs go in."""

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.support import screenshot
from tests.helpers import API

pytestmark = pytest.mark.timeout(300)


async def settled_task(page: Page) -> str:
    body = {
        "task_type": "data_workflow",
        "task_name": "审核测试任务",
        "db_name": "highway_db",
        "table_list": ["bss_company", "bss_service_area"],
        "require_review": True,
    }
    started = await (await page.request.post(f"{API}/tasks/execute-complete", data=body)).json()
    task_id = str(started["data"]["task_id"])
    await page.goto(f"/ui/tasks/{task_id}")
    await expect(page.locator("#task-status")).to_have_text("已完成", timeout=120_000)
    return task_id


async def test_edit_verdict_approve_and_load(page: Page):
    task_id = await settled_task(page)
    await page.get_by_role("link", name="问答对审核").click()
    await page.wait_for_url(f"**/ui/tasks/{task_id}/pairs")
    first = page.locator('#pairs tr[data-index="0"]')
    await expect(first.locator(".verdict-cell")).to_have_text("有效")
    await first.get_by_label("SQL 0").fill("SELECT no_such_column FROM bss_company")
    await first.get_by_role("button", name="保存并验证").click()
    first = page.locator('#pairs tr[data-index="0"]')
    # The executor re-validates on the business DB before answering: allow for a loaded machine.
    await expect(first.locator(".verdict-cell")).to_contain_text("无效", timeout=30_000)
    await expect(first.locator(".verdict-cell")).to_contain_text("no_such_column")
    await page.get_by_label("显示").select_option("invalid")
    await expect(page.locator("#pairs tbody tr")).to_have_count(1)
    await page.get_by_label("显示").select_option("all")
    await page.get_by_role("button", name="通过所有有效且未审核的").click()
    await expect(page.locator("#pairs-summary")).to_contain_text(re.compile(r"已通过 [1-9]"))
    approved = await page.locator('#pairs tr[data-review="approved"]').count()
    await screenshot(page, "pairs")
    await page.get_by_role("button", name="执行训练数据加载").click()
    await page.wait_for_url(f"**/ui/tasks/{task_id}")
    log = page.locator("#log")
    await expect(log).to_contain_text(f"加载已通过的 {approved}/", timeout=120_000)
    card = page.locator('.step[data-step="training_load"] .step-status')
    await expect(card).to_have_text("已完成", timeout=60_000)
