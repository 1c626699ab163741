"""Browser test support: the phone viewport, screenshots for the README."""

import os
from pathlib import Path

from playwright.async_api import Page, ViewportSize, expect

SCREENSHOTS = Path(__file__).parents[2] / "docs" / "images"


PHONE: ViewportSize = {"width": 390, "height": 844}


FADED = """() => { const t = document.querySelector('#toast');
  return !t || getComputedStyle(t).opacity === '0'; }"""


async def screenshot(page: Page, name: str) -> None:
    """Into docs/images/ (README shows them): only where asked, so runs leave the tree clean."""
    if os.environ.get("DP_SCREENSHOTS"):
        await expect(page.locator("#toast.show")).to_have_count(0, timeout=6_000)
        await page.wait_for_function(FADED, timeout=2_000)  # its fade-out (CSS transition) too
        await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
