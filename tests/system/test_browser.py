"""The article page in a real browser (Debian's chromium, headless, through playwright) against the real service.

Nothing may fail, log or leave the machine; the map and the timeline show what the data holds; the page fits a
phone; the keyboard reaches the marks. The screenshots in docs/ are taken here."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from schemas import Article
from tests.conftest import ROOT, SEED_ID

CHROMIUM = Path("/usr/bin/chromium")


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


DOCS = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else Path(tempfile.gettempdir()) / "newsfacts-shots"
"""The README's screenshots are retaken with UPDATE_SCREENSHOTS=1; otherwise they go to a temporary folder."""


DESKTOP = {"width": 1280, "height": 1600}  # the screenshot is the first 1600 px of the page


PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Watched:
    """A page whose console messages, page errors, failed requests and request URLs are all recorded."""

    def __init__(self, browser: Browser, viewport: dict[str, int]):
        self.page: Page = browser.new_page(viewport=viewport)
        self.console: list[str] = []
        self.failed: list[str] = []
        self.requested: list[str] = []
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("requestfailed", lambda request: self.failed.append(f"{request.url} {request.failure}"))
        self.page.on("request", lambda request: self.requested.append(request.url))

    def open(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"

    def assert_quiet_and_local(self) -> None:
        assert self.console == []
        assert self.failed == []
        assert self.requested, "the page itself was requested"
        assert {urlsplit(url).hostname for url in self.requested if not url.startswith("data:")} == {"127.0.0.1"}


def test_the_page_loads_cleanly_and_draws_the_data(server: str, browser: Browser, seed: Article) -> None:
    watched = Watched(browser, DESKTOP)
    watched.open(f"{server}/v1/articles/{SEED_ID}")  # the browser's own Accept header asks for text/html
    page = watched.page
    located = sum(1 for place in seed.locations if place.coordinates)
    dated = sum(1 for event in seed.events if event.date)
    assert page.locator("svg.map circle.place").count() == located == 7
    assert page.locator("svg.timeline rect.bar").count() == dated
    assert page.locator("a.m").count() >= sum(len(item.evidence) for item in (*seed.actors, *seed.locations))
    layout = page.evaluate(
        """() => [document.querySelector('.reading').getBoundingClientRect().left,
                  document.querySelector('.facts').getBoundingClientRect().left]"""
    )
    assert layout[0] < layout[1], "on a desktop the facts sit to the right of the text"
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "article-view.png"))
    watched.assert_quiet_and_local()
    page.close()


def test_the_page_fits_a_phone(server: str, browser: Browser) -> None:
    watched = Watched(browser, PHONE)
    watched.open(f"{server}/v1/articles/{SEED_ID}.html")
    page = watched.page
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    reading, facts = page.evaluate(
        """() => [document.querySelector('.reading').getBoundingClientRect().bottom,
                  document.querySelector('.facts').getBoundingClientRect().top]"""
    )
    assert reading <= facts, "on a phone the facts come after the text"
    DOCS.mkdir(exist_ok=True)
    page.screenshot(
        path=str(DOCS / "article-view-phone.png"), full_page=True, clip={"x": 0, "y": 0, "width": 390, "height": 1400}
    )
    watched.assert_quiet_and_local()
    page.close()


def test_the_keyboard_reaches_a_mark_and_it_shows_focus_and_its_tooltip(server: str, browser: Browser) -> None:
    watched = Watched(browser, DESKTOP)
    watched.open(f"{server}/v1/articles/{SEED_ID}.html")
    page = watched.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.m')"):
            break
    else:
        pytest.fail("Tab never reached a mark")
    focused = page.evaluate(
        """() => {
            const mark = document.activeElement, style = getComputedStyle(mark);
            return {
                visible: mark.matches(':focus-visible'),
                outline: [style.outlineStyle, style.outlineWidth],
                tooltip: getComputedStyle(mark, '::after').display,
                tip: mark.title,
                target: document.getElementById(mark.getAttribute('href').slice(1)) !== null,
            };
        }"""
    )
    assert focused["visible"]
    assert focused["outline"] == ["solid", "3px"]
    assert focused["tooltip"] == "block"
    assert focused["tip"].splitlines()[1].startswith("Actor · ")
    assert focused["target"]
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#actor-al-qaeda"
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).outlineStyle") == "solid"
    watched.assert_quiet_and_local()
    page.close()


def test_the_home_page_loads_cleanly(server: str, browser: Browser) -> None:
    watched = Watched(browser, PHONE)
    watched.open(f"{server}/")
    assert watched.page.locator(f"a[href='/v1/articles/{SEED_ID}.html']").count() == 1
    assert watched.page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    watched.assert_quiet_and_local()
    watched.page.close()
