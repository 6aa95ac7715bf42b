"""The review pages in a real browser (Debian's chromium, headless, through playwright) against the real service
and its real drafting engine: paste a text, untick one proposal, save with the write token, and find the article
page with the rest. Nothing may fail, log or leave the machine, and no script runs: the pages are forms."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec
import pytest
from playwright.sync_api import Browser, Page

from schemas import Article
from tests.conftest import WRITE_TOKEN, RunningServer
from tests.system.test_browser import DESKTOP, DOCS, PHONE, Watched, browser  # noqa: F401 (the fixture)

TEXT = """Fighting in the northern Syrian town of Atareb, in Aleppo province, has killed at least nine civilians, \
a monitoring group said on Saturday.

Fighters of the Islamic State in Iraq and the Levant (Isis) shelled the town, while units of the Free Syrian Army \
(FSA) said they had pushed them back towards Idlib.

Residents of Atareb protested in the town's main square against both groups."""
HEADLINE = "Isis shells Atareb as FSA pushes back"


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service on a fresh SQLite file, with a write token."""
    folder = tmp_path_factory.mktemp("review")
    running = RunningServer(f"sqlite:///{folder / 'store.sqlite3'}", folder / "server.log", API_TOKENS=WRITE_TOKEN)
    try:
        yield running.base
    finally:
        running.stop()


def _paste(page: Page) -> None:
    """Type the text into the paste form open on the page, and send it."""
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Text", exact=True).fill(TEXT)
    with page.expect_navigation():
        page.get_by_role("button", name="Draft its facts").click()


@contextmanager
def reviewing(chromium: Browser, server: str, viewport: dict[str, int]) -> Iterator[Watched]:
    """The review page of the text, in a watched page that must stay quiet and local until it is closed."""
    watched = Watched(chromium, viewport)
    watched.open(f"{server}/drafts/new")
    _paste(watched.page)
    yield watched
    watched.assert_quiet_and_local()
    watched.page.close()


def _unlabelled(watched: Watched) -> list[str]:
    """The page's visible form controls that have no label a screen reader would read."""
    return list(
        watched.page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                   .filter(c => c.labels.length === 0).map(c => c.name)"""
        )
    )


def test_paste_untick_one_save_and_find_the_rest_on_the_article_page(writable: str, browser: Browser) -> None:  # noqa: F811
    with reviewing(browser, writable, DESKTOP) as watched:
        page = watched.page
        assert page.url == f"{writable}/drafts/new"
        assert page.locator("h1").inner_text() == HEADLINE
        boxes = page.locator("input[type=checkbox][name=kept]")
        assert boxes.count() >= 4, "the draft proposes the actors and places of the text"
        assert page.locator("a.m").count() >= boxes.count()
        assert _unlabelled(watched) == []
        ticked = [boxes.nth(i) for i in range(boxes.count()) if boxes.nth(i).is_checked()]
        actors = [box for box in ticked if (box.get_attribute("value") or "").startswith("$.actors[")]
        assert actors, "an actor the draft is sure of"
        left_out = actors[0]
        left_out_entry = left_out.evaluate("box => box.closest('li').id")  # actor-{its id}
        kept = {box.evaluate("box => box.closest('li').id") for box in ticked} - {left_out_entry}
        left_out.uncheck()
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS / "draft-review.png"))
        page.get_by_label("Write token").fill(WRITE_TOKEN)
        with page.expect_navigation():
            page.get_by_role("button", name="Save as an article").click()
        article_id = page.url.removeprefix(f"{writable}/v1/articles/").removesuffix(".html")
        assert page.url == f"{writable}/v1/articles/{article_id}.html"
        assert page.locator("h1").inner_text() == HEADLINE
        response = page.request.get(f"{writable}/v1/articles/{article_id}.json")
        assert response.status == 200
        stored = msgspec.json.decode(response.body(), type=Article)
        entries = {
            f"{kind}-{item.id}"
            for kind, items in (("actor", stored.actors), ("place", stored.locations), ("event", stored.events))
            for item in items
        }
        assert left_out_entry not in entries
        assert page.locator(f"[id='{left_out_entry}']").count() == 0
        kept_items = {entry for entry in kept if entry.startswith(("actor-", "place-", "event-"))}
        assert kept_items <= entries, "every actor, place and event kept is stored (a relation may go with an actor)"
        for entry in entries:
            assert page.locator(f"[id='{entry}']").count() == 1, entry


def test_a_wrong_token_is_said_on_the_page_and_the_draft_stays_to_fix(writable: str, browser: Browser) -> None:  # noqa: F811
    with reviewing(browser, writable, DESKTOP) as watched:
        page = watched.page
        page.get_by_label("Write token").fill("not-the-token")
        with page.expect_navigation():
            page.get_by_role("button", name="Save as an article").click()
        assert page.locator("#token-problem").inner_text() == "The token is not valid."
        assert page.locator("[role=alert]").is_visible()
        assert page.locator("input[type=checkbox][name=kept]").count() >= 4
        assert watched.console == [
            "error: Failed to load resource: the server responded with a status of 401 (Unauthorized)"
        ]
        watched.console.clear()


def test_the_draft_s_places_are_on_the_map_styled_by_the_page(writable: str, browser: Browser) -> None:  # noqa: F811
    with reviewing(browser, writable, DESKTOP) as watched:
        page = watched.page
        points = page.locator("#map svg circle.place")
        assert points.count() >= 1, "Idlib, from GeoNames (the corpus's Atareb has no coordinates)"
        assert page.locator("#map p.note:not(.unmapped) a").count() == points.count()
        assert page.locator("#map svg").is_visible()
        frame = page.locator("#map svg").bounding_box()
        assert frame is not None and frame["height"] > 200
        for i in range(points.count()):
            point = points.nth(i).bounding_box()
            assert point is not None and frame["x"] <= point["x"] <= frame["x"] + frame["width"]
            assert frame["y"] <= point["y"] <= frame["y"] + frame["height"]
        fill = points.first.evaluate("c => getComputedStyle(c).fill")
        assert fill == "rgb(25, 138, 69)", "the page's stylesheet, allowed by its policy, styles the map"
        assert page.locator("#timeline").is_visible()


def test_the_review_page_fits_a_phone(writable: str, browser: Browser) -> None:  # noqa: F811
    with reviewing(browser, writable, PHONE) as watched:
        page = watched.page
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        text, save = page.evaluate(
            """() => [document.querySelector('.reading').getBoundingClientRect().bottom,
                      document.querySelector('.save').getBoundingClientRect().top]"""
        )
        assert text <= save, "on a phone the facts and the save button come after the text"


def test_the_keyboard_reaches_a_proposal_s_checkbox_from_its_mark(writable: str, browser: Browser) -> None:  # noqa: F811
    with reviewing(browser, writable, DESKTOP) as watched:
        page = watched.page
        mark = page.locator("a.m.actor").first
        mark.focus()
        page.keyboard.press("Enter")
        target = page.evaluate("location.hash").removeprefix("#")
        assert target
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.type, document.activeElement.closest('li')?.id]")
        assert focused[1] == target


def test_no_script_is_needed_or_allowed(writable: str, browser: Browser, tmp_path: Path) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 1600})
    page = context.new_page()
    page.goto(f"{writable}/drafts/new")
    _paste(page)
    assert page.locator("input[type=checkbox][name=kept]").count() >= 4
    assert page.locator("script").count() == 0
    context.close()
