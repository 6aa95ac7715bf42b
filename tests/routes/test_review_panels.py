"""The review page's map and timeline, on SQLite and PostgreSQL: the draft's located places drawn on the article
page's own map and its dated events on its timeline (one macro each, service/templates/_macros.html.j2), so that the
article saved with every proposal kept shows the very same pictures on its page."""

from __future__ import annotations

from typing import Any

import lxml.html
import msgspec
import pytest
from litestar.testing import TestClient

from schemas.v1.drafts import Draft, DraftRequest
from service import drafts
from service.routes import review
from tests.conftest import SEED_PAGE, WRITE_TOKEN, parse_page, text_of
from tests.routes.test_review import ATAREB, accessibility_problems, drafted, page
from tests.test_review import draft_of, richer_document

HEADLINE = "Unrest in northern Ghana"
TEXT = (
    "Protesters marched in Tamale on Sunday against rising fuel prices.\r\n\r\n"
    "Residents of Bolgatanga protested on Tuesday outside the regional assembly."
)
"""Two towns GeoNames knows, in one country, each with a protest on a day the date published places."""
PUBLISHED = "2025-03-04T10:00:00Z"
GEONAMES = {"Tamale": "https://www.geonames.org/2294877", "Bolgatanga": "https://www.geonames.org/2302821"}
ALEPPO = {"latitude": 36.20124, "longitude": 37.16117, "geo_precision": 1, "source": "https://www.geonames.org/170063"}


def ghana_page(client: TestClient) -> tuple[Any, Draft]:
    """The review page of the text, drafted by the real engine, and the draft it carries."""
    response = client.post(
        "/drafts/new", data={"headline": HEADLINE, "text": TEXT, "language": "en", "date_published": PUBLISHED}
    )
    tree = page(response)
    policy = response.headers["content-security-policy"]
    assert policy == client.get(SEED_PAGE).headers["content-security-policy"].replace(
        "form-action 'none'", "form-action 'self'"
    )
    carried = msgspec.json.decode(str(tree.xpath("//input[@name='draft']/@value")[0]), type=Draft)
    return tree, carried


def svg_drawing(tree: Any, panel: str) -> list[bytes]:
    """What a panel's picture draws: every element of its SVG but its title (which names the article or draft)."""
    (svg,) = tree.xpath(f"//section[@id='{panel}']/*[local-name()='svg']")
    return [lxml.html.tostring(child) for child in svg if child.tag != "title"]


def refs(element: Any) -> list[str]:
    return [str(href) for href in element.xpath(".//a/@href")]


def test_the_draft_s_located_places_are_on_the_map_and_its_dated_events_on_the_timeline(client: TestClient) -> None:
    tree, draft = ghana_page(client)
    located = [p for p in draft.article.locations if p.coordinates]
    by_name = {p.name: p for p in located}
    assert set(GEONAMES) <= set(by_name), "the two towns, resolved against GeoNames"
    for name, source in GEONAMES.items():
        coordinates = by_name[name].coordinates
        assert coordinates is not None and coordinates.source == source
    unmapped = [p for p in draft.article.locations if not p.coordinates]
    assert unmapped, "the country and the region named have no point"

    (panel,) = tree.xpath("//aside/section[@id='map']")
    assert text_of(panel.xpath("./h2")[0]) == "Map"
    points = panel.xpath(".//*[local-name()='g'][@class='point']")
    assert len(points) == len(located)
    assert [text_of(p.xpath("./*[@class='place-label']")[0]) for p in points] == [p.name for p in located]
    for point, place in zip(points, located, strict=True):
        assert place.coordinates is not None
        latitude, longitude = place.coordinates.latitude, place.coordinates.longitude
        assert text_of(point.xpath("./*[local-name()='title']")[0]) == f"{place.name} ({latitude:.4f}, {longitude:.4f})"
    tamale, bolgatanga = (points[located.index(by_name[n])] for n in ("Tamale", "Bolgatanga"))
    assert float(bolgatanga.xpath("./*[@class='place']/@cy")[0]) < float(tamale.xpath("./*[@class='place']/@cy")[0])
    assert "Map of the places in the draft that have coordinates" in text_of(panel)
    mapped, not_mapped = panel.xpath("./p[@class='note']")[0], panel.xpath("./p[@class='note unmapped']")[0]
    assert refs(mapped) == [f"#place-{p.id}" for p in located]
    assert refs(not_mapped) == [f"#place-{p.id}" for p in unmapped]
    for href in refs(mapped) + refs(not_mapped):  # each to its proposal, to keep or leave out
        assert tree.xpath(f"//li[@id='{href[1:]}']//input[@name='kept']")

    dated = [e for e in draft.article.events if e.date]
    assert sorted(str(e.date.start) for e in dated if e.date) == ["2025-03-02", "2025-03-04"]  # Sunday, Tuesday
    (timeline,) = tree.xpath("//aside/section[@id='timeline']")
    rows = timeline.xpath(".//*[local-name()='g'][@class='row']")
    assert len(rows) == len(dated)
    titles = [text_of(row.xpath("./*[local-name()='title']")[0]) for row in rows]
    assert [t.split(": ", 1)[1] for t in titles] == ["2 March 2025 (day · inferred)", "4 March 2025 (day · inferred)"]
    assert [text_of(r.xpath("./*[@class='row-detail']")[0]) for r in rows] == ["day · inferred"] * 2
    assert len(timeline.xpath(".//*[local-name()='rect'][contains(@class, 'bar inferred')]")) == 2

    headings = tree.xpath("//aside//h2/@id")
    assert headings[:2] == ["map-heading", "timeline-heading"]  # the pictures first, as on the article page
    for svg in tree.xpath("//*[local-name()='svg']"):
        assert svg.get("role") == "img"
        assert all(tree.xpath(f"//*[@id='{i}']") for i in svg.get("aria-labelledby").split())
    assert accessibility_problems(tree) == []
    assert not tree.xpath("//@style | //script | //*[local-name()='script']")  # the policy allows neither


def test_saved_with_everything_kept_the_article_page_draws_the_same_map_and_timeline(client: TestClient) -> None:
    tree, draft = ghana_page(client)
    fields = {
        "draft": tree.xpath("//input[@name='draft']/@value"),
        "kept": [p.path for p in draft.proposals],
        "id": ["unrest-in-northern-ghana"],
        "token": [WRITE_TOKEN],
    }
    response = client.post("/drafts/save", data=fields, follow_redirects=False)
    assert response.status_code == 303, response.text
    article_page = parse_page(client.get(response.headers["location"]))
    for panel in ("map", "timeline"):
        assert svg_drawing(article_page, panel) == svg_drawing(tree, panel), panel
    assert "Map of the places in the article that have coordinates" in text_of(
        article_page.xpath("//section[@id='map']")[0]
    )


@pytest.fixture
def located_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fake engine: the richer article's draft with Aleppo and Atareb located, both events dated."""

    def located(request: DraftRequest, known: Any) -> Draft:
        document = richer_document()
        document["locations"][1]["coordinates"] = ALEPPO
        document["locations"][2]["coordinates"] = ATAREB
        document["events"][0]["date"] = {
            "start": "2014-01-01",
            "end": "2014-01-06",
            "precision": "day",
            "basis": "stated",
        }
        document["events"][1]["date"] = {
            "start": "2014-01-05",
            "end": "2014-01-05",
            "precision": "day",
            "basis": "stated",
        }
        return draft_of({**document, "headline": request.headline})

    monkeypatch.setattr(drafts, "draft", located, raising=False)
    monkeypatch.setattr(review, "known_to", lambda store: None)


def test_a_fake_draft_s_two_located_places_are_two_markers_in_the_area_that_holds_them(
    client: TestClient, located_engine: None
) -> None:
    tree = drafted(client)
    panel = tree.xpath("//section[@id='map']")[0]
    points = panel.xpath(".//*[local-name()='g'][@class='point']")
    assert [text_of(p.xpath("./*[local-name()='title']")[0]) for p in points] == [
        "Aleppo (36.2012, 37.1612)",
        "Atareb (36.1359, 36.8369)",
    ]
    areas = panel.xpath(".//*[local-name()='text'][@class='area-label']")
    assert [text_of(a) for a in areas] == ["Syria"]  # outlined around its two located places
    assert refs(panel.xpath("./p[@class='note unmapped']")[0]) == ["#place-syria"]
    rows = tree.xpath("//section[@id='timeline']//*[local-name()='g'][@class='row']")
    assert [text_of(r.xpath("./*[local-name()='title']")[0]).split(": ", 1)[1] for r in rows] == [
        "1\N{EN DASH}6 January 2014 (day · stated)",
        "5 January 2014 (day · stated)",
    ]
    assert not tree.xpath("//section[@id='timeline']//p[strong='Undated']")
    assert accessibility_problems(tree) == []


def test_a_draft_with_no_located_place_and_no_date_says_so_and_draws_nothing(
    client: TestClient, monkeypatch: Any
) -> None:
    monkeypatch.setattr(drafts, "draft", lambda request, known: draft_of(richer_document()), raising=False)
    monkeypatch.setattr(review, "known_to", lambda store: None)
    tree = drafted(client)
    assert not tree.xpath("//*[local-name()='svg']")
    panel = tree.xpath("//section[@id='map']")[0]
    assert (
        text_of(panel.xpath("./p[@class='note']")[0]) == "No place in this draft has coordinates, so there is no map."
    )
    assert refs(panel.xpath("./p[@class='note unmapped']")[0]) == ["#place-syria", "#place-aleppo", "#place-atareb"]
    timeline = tree.xpath("//section[@id='timeline']")[0]
    notes = [text_of(p) for p in timeline.xpath("./p[@class='note']")]
    assert notes[0] == "No event in this draft has a date, so there is no timeline."
    assert refs(timeline) == ["#event-battle-for-atareb", "#event-clash"]
    assert accessibility_problems(tree) == []
