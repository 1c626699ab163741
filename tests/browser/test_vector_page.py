"""The 向量库 page: counts, a backup made and restored from the page, the search preview."""

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.support import screenshot
from tests.e2e.vector_support import reference_docs, seed, vector_pool

__all__ = ["vector_pool"]
pytestmark = pytest.mark.timeout(300)


async def test_counts_backup_restore_and_search_from_the_page(page: Page, vector_pool):
    rows = await seed(vector_pool)
    ddl = sum(d.collection == "ddl" for d in reference_docs())
    await page.goto("/ui/vectors")
    await expect(page.locator("#total-count")).to_have_text(str(rows))
    await expect(page.locator('#type-counts tr[data-type="ddl"] .count')).to_have_text(str(ddl))

    await page.get_by_label("问题").fill("车流量")
    for kind in ("文档", "问答对", "错误 SQL"):
        await page.get_by_label(kind, exact=True).uncheck()
    await page.get_by_role("button", name="检索").click()
    first = page.locator("#results tbody tr").first
    await expect(first).to_contain_text("bss_car_day_count")
    await expect(first.locator(".distance")).to_have_text(re.compile(r"^\d\.\d{4}$"))

    await page.get_by_role("button", name="立即备份").click()
    await expect(page.locator("#toast")).to_contain_text("备份完成", timeout=60_000)
    newest = page.locator("#backups tbody tr").first
    await expect(newest).to_contain_text(str(rows))
    await screenshot(page, "vectors")
    await vector_pool.execute("TRUNCATE langchain_pg_embedding")
    await newest.get_by_role("button", name="恢复").click()
    await page.locator("#confirm-restore").get_by_role("button", name="确认恢复").click()
    await expect(page.locator("#toast")).to_contain_text(f"恢复完成：{rows} 条向量", timeout=60_000)
    await expect(page.locator("#total-count")).to_have_text(str(rows))
