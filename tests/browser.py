"""Headless Debian Chromium, driven by Playwright, for tests of the HTML that diplograph writes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
"""Debian's chromium (installed by scripts/install-system-deps.sh); Playwright never downloads one."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


@contextmanager
def chromium_browser() -> Iterator[object]:
    """Start headless Chromium and close it afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def offline_page(browser, requests: list[str]):
    """Open a page whose every request off the local file or loopback is recorded and blocked."""
    context = browser.new_context()

    def guard(route, request):
        url = request.url
        local = url.startswith(("file://", "data:", "blob:", "about:", "http://127.0.0.1", "http://localhost"))
        if not local:
            requests.append(url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    return context.new_page()
