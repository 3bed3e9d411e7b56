"""Headless Chromium for the review site, offline: the browser test and the README's screenshots.

Debian's ``chromium`` (``/usr/bin/chromium``, or ``ZHIBIAO_CHROMIUM``) driven by Playwright's Python client,
which talks to a browser it is given and downloads none (never run ``playwright install``). Every request a
page makes is recorded; any that is not for a local file is aborted and listed in ``elsewhere``, so a test
can assert that nothing left for another host.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("ZHIBIAO_CHROMIUM", "/usr/bin/chromium")
# quiet and local: no sync, component updates, background requests or QUIC probes of its own
FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-default-browser-check"]
LOCAL = ("file:", "data:", "blob:", "about:")


def missing() -> str | None:
    """Why the browser cannot run here (no Chromium, no Playwright client), or None."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright client is not installed (uv sync)"
    return None


@dataclass
class Session:
    """One browser, one page; ``requests`` every URL the pages asked for."""

    page: object  # playwright.sync_api.Page
    requests: list[str] = field(default_factory=list)

    @property
    def elsewhere(self) -> list[str]:
        """Requests for anything but a local file (aborted, so none reached another host)."""
        return [u for u in self.requests if not u.startswith(LOCAL)]

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri(), wait_until="load")


@contextlib.contextmanager
def session(*, width: int = 1280, height: int = 900) -> Iterator[Session]:
    """Headless Chromium with a fresh profile (Playwright creates and removes an empty user-data-dir)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, chromium_sandbox=False, args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                          locale="zh-CN", timezone_id="UTC")
            page = context.new_page()
            s = Session(page)

            context.on("request", lambda req: s.requests.append(req.url))
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
            yield s
        finally:
            browser.close()
