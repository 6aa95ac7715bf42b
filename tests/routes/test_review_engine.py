"""The review pages with the real drafting engine, on SQLite and PostgreSQL: the page shows and carries the very
draft the engine makes of the text (knowing the corpus), and saving stores what is ticked, nothing else."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.testing import TestClient

from schemas import Article, validate_article
from schemas.v1.drafts import Draft, DraftRequest
from service import drafts
from service.review import TICKED_FROM, Review, reviewed
from tests.conftest import WRITE_TOKEN, snapshot, text_of
from tests.routes.test_review import page, submitted

HEADLINE = "Isis shells Atareb as FSA pushes back"
TEXT = (
    "Fighting in the northern Syrian town of Atareb, in Aleppo province, has killed at least nine civilians, a"
    " monitoring group said on Saturday.\r\n\r\nFighters of the Islamic State in Iraq and the Levant (Isis) shelled"
    " the town, while units of the Free Syrian Army (FSA) said they had pushed them back towards Idlib.\r\n\r\n"
    "Residents of Atareb protested in the town's main square against both groups."
)
"""As a browser sends a text area: its lines ended by CR LF."""


def engine_draft(seed: Article) -> Draft:
    """The engine's draft of the text, knowing what the corpus (the seed article) knows."""
    request = DraftRequest(headline=HEADLINE, body=TEXT.replace("\r\n", "\n"))
    return drafts.draft(request, drafts.Known.of([seed]))


def review_page(client: TestClient) -> Any:
    return page(client.post("/drafts/new", data={"headline": HEADLINE, "text": TEXT, "language": "en"}))


def test_the_page_shows_and_carries_the_engine_s_own_draft(client: TestClient, seed: Article) -> None:
    before = snapshot(client)
    tree = review_page(client)
    draft = engine_draft(seed)
    carried = msgspec.json.decode(str(tree.xpath("//input[@name='draft']/@value")[0]), type=Draft)
    assert carried == draft
    assert {a.id for a in draft.article.actors} >= {"isis", "free-syrian-army"}  # the corpus's ids, reused
    boxes = {b.get("value"): b.get("checked") is not None for b in tree.xpath("//input[@name='kept']")}
    assert boxes == {p.path: p.confidence >= TICKED_FROM for p in draft.proposals}
    marked = {m.get("href")[1:] for m in tree.xpath("//a[contains(concat(' ', @class, ' '), ' m ')]")}
    assert {f"actor-{a.id}" for a in draft.article.actors} <= marked
    assert {f"place-{p.id}" for p in draft.article.locations} <= marked
    assert snapshot(client) == before


def test_saving_stores_exactly_the_facts_ticked(client: TestClient, seed: Article) -> None:
    tree = review_page(client)
    draft = engine_draft(seed)
    fields = submitted(tree)
    ticked_actors = [p for p in fields["kept"] if p.startswith("$.actors[")]
    left_out = ticked_actors[0]
    fields["kept"].remove(left_out)
    fields["id"] = ["atareb-shelled"]
    response = client.post("/drafts/save", data={**fields, "token": [WRITE_TOKEN]}, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/v1/articles/atareb-shelled.html"
    stored = msgspec.json.decode(client.get("/v1/articles/atareb-shelled.json").content, type=Article)
    expected = validate_article(
        reviewed(draft, Review(kept=frozenset(fields["kept"]), article_id="atareb-shelled")).document
    )
    assert stored == expected
    gone = draft.article.actors[int(left_out.removeprefix("$.actors[").removesuffix("]"))]
    assert gone.id not in {a.id for a in stored.actors}
    assert all(gone.id not in {p.actor for p in e.participants} for e in stored.events)
    assert client.get(response.headers["location"]).status_code == 200


def test_a_language_the_rules_do_not_read_is_said_on_the_page(client: TestClient) -> None:
    text = "Fighting in Atareb."
    tree = page(client.post("/drafts/new", data={"headline": HEADLINE, "text": text, "language": "ar"}))
    notes = text_of(tree.xpath("//ul[contains(@class, 'notes')]")[0])
    assert "The rules read English" in notes
    assert not tree.xpath("//li[starts-with(@id, 'actor-')]")
