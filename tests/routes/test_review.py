"""The review pages over HTTP, on SQLite and PostgreSQL (service/routes/review.py): paste a text, get its draft
with every proposal marked and offered, save what is kept with the write token; every refusal shown on the page
in words, with its status, and nothing stored by it.

The engine here is a fake (one known text, a draft made by hand) so that every choice the page offers is pinned
down; tests/routes/test_review_engine.py drives the real one."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import lxml.html
import msgspec
import pytest
from litestar.testing import TestClient

from schemas import SUB_EVENT_TYPES, Article, DocumentInvalid, Problem
from schemas.v1.drafts import Alternative, Draft, DraftRequest, Proposal
from service import drafts
from service.app import create_app
from service.review import TICKED_FROM, VOCABULARIES
from service.routes import review
from service.settings import Settings
from tests.conftest import (
    AUTH,
    DATA_DIR,
    HTML,
    SEED_PAGE,
    TOKEN_DIGESTS,
    WRITE_TOKEN,
    article_ids,
    parse_page,
    snapshot,
    text_of,
)
from tests.test_review import draft_of, richer_document

ATAREB = {"latitude": 36.1359, "longitude": 36.8369, "geo_precision": 1, "source": "https://www.geonames.org/174018"}
CONFIDENCE = {
    "$.actors[0]": 0.9,
    "$.actors[1]": 0.9,
    "$.actors[2]": 0.75,
    "$.locations[0]": 0.95,
    "$.locations[1]": 0.8,
    "$.locations[2]": 0.6,
    "$.events[0]": 0.5,
    "$.events[1]": 0.85,
    "$.relations[0]": 0.72,
}
"""The fake draft's proposals: Atareb and the broader battle are below the threshold, so unticked."""


def fake_draft(request: DraftRequest, known: Any) -> Draft:
    """The draft of richer_document's text: every fact proposed, Atareb with a candidate from the gazetteer, and
    the date published; the headline is the one pasted."""
    document = richer_document()
    assert request.body == document["body"] and known is None
    made = draft_of({**document, "headline": request.headline})
    candidate = Alternative(
        label="Atareb, Aleppo, Syria (GeoNames 174018)",
        value={"coordinates": ATAREB, "same_as": ["https://www.geonames.org/174018"], "country": "SY"},
        source="gazetteer",
        confidence=0.55,
    )
    proposals = [
        msgspec.structs.replace(
            p,
            confidence=CONFIDENCE[p.path],
            alternatives=[candidate] if p.path == "$.locations[2]" else [],
            reason="GeoNames: two places of this name" if p.path == "$.locations[2]" else None,
        )
        for p in made.proposals
    ]
    date = Proposal(path="$.date_published", source="rules", confidence=0.9, reason="the dateline")
    return msgspec.structs.replace(made, proposals=[*proposals, date])


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts, "draft", fake_draft, raising=False)
    monkeypatch.setattr(review, "known_to", lambda store: None)


def pasted_text(**fields: str) -> dict[str, str]:
    document = richer_document()
    return {"headline": "Clashes in Atareb", "text": document["body"], "language": "en", **fields}


def page(response: Any, status: int = 200) -> Any:
    """A review page (never cached: it is one person's), as an lxml tree."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == HTML
    assert response.headers["cache-control"] == "no-store"
    return lxml.html.document_fromstring(response.content)


def submitted(tree: Any) -> dict[str, list[str]]:
    """What a browser sends of the page's one form as it stands: hidden and text fields, ticked boxes and
    radios, the selected option of each select."""
    form = tree.xpath("//form")
    assert len(form) == 1
    fields: dict[str, list[str]] = {}
    for control in form[0].xpath(".//input | .//select | .//textarea"):
        name, kind = control.get("name"), control.get("type", "text")
        if control.tag == "select":
            value = (control.xpath("./option[@selected] | ./optgroup/option[@selected]") or [None])[0]
            fields.setdefault(name, []).append(value.get("value"))
        elif control.tag == "textarea":
            fields.setdefault(name, []).append(control.text or "")
        elif kind in ("checkbox", "radio"):
            if control.get("checked") is not None:
                fields.setdefault(name, []).append(control.get("value"))
        else:
            fields.setdefault(name, []).append(control.get("value") or "")
    return fields


def untick(fields: dict[str, list[str]], path: str) -> None:
    fields["kept"].remove(path)


def drafted(client: TestClient, **fields: str) -> Any:
    return page(client.post("/drafts/new", data=pasted_text(**fields)))


def save(client: TestClient, fields: dict[str, list[str]], token: str = WRITE_TOKEN) -> Any:
    return client.post("/drafts/save", data={**fields, "token": [token]}, follow_redirects=False)


def stored(client: TestClient, article_id: str = "richer") -> Article:
    response = client.get(f"/v1/articles/{article_id}.json")
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=Article)


def accessibility_problems(tree: Any) -> list[str]:
    """What keeps a page from being read as the article page is: a control without a label, an id twice, a heading
    that skips a level, a group without a legend, a description or label pointing nowhere, not one h1."""
    found = []
    ids = tree.xpath("//@id")
    found += [f"id {i!r} twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    labelled = set(tree.xpath("//label/@for"))
    for control in tree.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        if control.get("id") not in labelled and not control.xpath("ancestor::label"):
            found.append(f"no label for {control.get('name')!r}")
    found += [f"a label for a missing {i!r}" for i in labelled if i not in ids]
    for described in tree.xpath("//@aria-describedby"):
        found += [f"describedby a missing {i!r}" for i in described.split() if i not in ids]
    found += ["a fieldset without a legend" for f in tree.xpath("//fieldset") if not f.xpath("./legend")]
    levels = [int(h.tag[1]) for h in tree.xpath("//h1 | //h2 | //h3 | //h4 | //h5 | //h6")]
    if levels.count(1) != 1 or levels[0] != 1:
        found.append(f"not one h1 first: {levels[:5]}")
    found += [f"h{b} after h{a}" for a, b in itertools.pairwise(levels) if b > a + 1]
    found += [
        f"a radio {r.get('name')!r} outside a fieldset"
        for r in tree.xpath("//input[@type='radio']")
        if not r.xpath("ancestor::fieldset")
    ]
    if not tree.xpath("/html/@lang"):
        found.append("no lang")
    return found


# ---- the paste form -----------------------------------------------------------------------------------------


def test_every_page_leads_to_the_paste_form(client: TestClient) -> None:
    for path in ("/", SEED_PAGE, "/drafts/new"):
        assert parse_page(client.get(path)).xpath("//nav//a[@href='/drafts/new']/text()") == ["Draft an article"]


def test_the_paste_form_is_a_page_with_every_field_labelled(client: TestClient) -> None:
    response = client.get("/drafts/new")
    tree = page(response)
    assert tree.xpath("//form/@action") == ["/drafts/new"] and tree.xpath("//form/@method") == ["post"]
    assert set(tree.xpath("//form//*[@name]/@name")) == {"headline", "text", "language", "url", "date_published"}
    assert tree.xpath("//textarea/@name") == ["text"]
    assert accessibility_problems(tree) == []
    assert not tree.xpath("//script")


def test_the_pages_keep_the_strict_policy_but_may_send_their_forms_here(client: TestClient, fake_engine: None) -> None:
    article_policy = dict(
        p.strip().split(" ", 1) for p in client.get(SEED_PAGE).headers["content-security-policy"].split(";")
    )
    for response in (client.get("/drafts/new"), client.post("/drafts/new", data=pasted_text())):
        policy = dict(p.strip().split(" ", 1) for p in response.headers["content-security-policy"].split(";"))
        assert policy == {**article_policy, "form-action": "'self'"}
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "<script" not in response.text


@pytest.mark.parametrize(
    ("fields", "status", "field", "words"),
    [
        ({"text": ""}, 422, "text", "The text is empty."),
        ({"text": " \n\t "}, 422, "text", "The text is empty."),
        ({"headline": "  "}, 422, "headline", "The headline is empty."),
        ({"text": "Fighting\x00 in Atareb"}, 422, "text", "NUL character (U+0000)"),
        ({"text": "x" * 200_001}, 413, "text", "200,001 characters long; a draft takes 200,000 at most"),
        ({"url": "ftp://example.org/a"}, 422, "url", "absolute http(s) URL"),
        ({"date_published": "6 January 2014"}, 422, "date_published", "ISO 8601 with its time zone"),
        ({"date_published": "2014-01-06T09:30:00"}, 422, "date_published", "ISO 8601 with its time zone"),
        ({"language": "English!"}, 422, "language", "BCP 47"),
    ],
)
def test_bad_input_is_the_form_again_with_the_problem_beside_its_field(
    client: TestClient, fields: dict[str, str], status: int, field: str, words: str
) -> None:
    before = snapshot(client)
    sent = pasted_text(**fields)
    tree = page(client.post("/drafts/new", data=sent), status)
    problem = tree.xpath(f"//p[@id='{field}-problem']")
    assert problem and words in text_of(problem[0])
    assert tree.xpath(f"//*[@id='{field}']/@aria-invalid") == ["true"]
    assert words in text_of(tree.xpath("//*[@role='alert']")[0])
    kept = tree.xpath("//textarea")[0].text or ""
    assert kept == sent["text"].replace("\x00", "\ufffd")  # as typed, to fix it (a NUL shown as U+FFFD)
    assert accessibility_problems(tree) == []
    assert snapshot(client) == before


def test_a_form_that_is_not_utf_8_or_not_a_form_is_refused_in_words(client: TestClient) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    tree = page(client.post("/drafts/new", content=b"headline=%FF%FE&text=Atareb", headers=form), 400)
    assert "not UTF-8" in text_of(tree.xpath("//*[@role='alert']")[0])
    tree = page(client.post("/drafts/new", json={"headline": "Atareb", "body": "Atareb"}), 415)
    assert "application/x-www-form-urlencoded" in text_of(tree.xpath("//*[@role='alert']")[0])


def test_a_form_over_the_size_limit_is_413_in_words(database_url: str) -> None:
    settings = Settings(database_url=database_url, data_dir=DATA_DIR, token_digests=TOKEN_DIGESTS, max_body_bytes=2_000)
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        tree = page(client.post("/drafts/new", data=pasted_text(text="Atareb " * 400)), 413)
        assert "over the size a request may have (2,000 bytes)" in text_of(tree.xpath("//*[@role='alert']")[0])


def test_drafting_and_saving_are_rate_limited_as_writes_are(database_url: str, fake_engine: None) -> None:
    settings = Settings(
        database_url=database_url, data_dir=DATA_DIR, token_digests=TOKEN_DIGESTS, write_rate_limit=("minute", 2)
    )
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        fields = submitted(page(client.post("/drafts/new", data=pasted_text())))
        assert save(client, fields).status_code == 303
        assert client.post("/drafts/new", data=pasted_text()).status_code == 429
        assert client.get("/drafts/new").status_code == 200  # reads are not limited


# ---- the draft to review ------------------------------------------------------------------------------------


def test_the_draft_is_shown_with_every_proposal_marked_and_offered(client: TestClient, fake_engine: None) -> None:
    before = snapshot(client)
    tree = drafted(client)
    draft = fake_draft(
        msgspec.convert({"headline": "Clashes in Atareb", "body": richer_document()["body"]}, DraftRequest), None
    )
    carried = tree.xpath("//input[@type='hidden' and @name='draft']/@value")
    assert msgspec.json.decode(str(carried[0]), type=Draft) == draft
    assert tree.xpath("//form/@action") == ["/drafts/save"]
    boxes = {box.get("value"): box for box in tree.xpath("//input[@type='checkbox' and @name='kept']")}
    assert set(boxes) == {p.path for p in draft.proposals}
    for proposal in draft.proposals:
        assert (boxes[proposal.path].get("checked") is not None) == (proposal.confidence >= TICKED_FROM), proposal.path
    assert f"confidence of {TICKED_FROM:.1f} or more" in text_of(tree.xpath("//p[contains(@class, 'threshold')]")[0])
    for name, kind in (("actors", "actor"), ("locations", "place"), ("events", "event"), ("relations", "relation")):
        for index, item in enumerate(getattr(draft.article, name)):
            entry = tree.xpath(f"//li[@id='{kind}-{item.id}']")[0]
            assert entry.xpath(".//input[@name='kept']/@value") == [f"$.{name}[{index}]"]
            options = entry.xpath(".//select//option")
            assert [o.get("value") for o in options] == list(VOCABULARIES[name])
            assert len(entry.xpath(".//select//option[@selected]")) == 1
    ids = set(tree.xpath("//@id"))
    marks = tree.xpath("//a[contains(concat(' ', @class, ' '), ' m ')]")
    assert {m.get("href")[1:] for m in marks} <= ids
    assert {"actor-isis", "actor-fsa", "actor-abu-omar", "place-atareb", "place-aleppo", "place-syria"} <= {
        m.get("href")[1:] for m in marks
    }
    assert snapshot(client) == before  # a draft is not stored


def test_a_place_s_candidates_are_radio_buttons_as_proposed_first(client: TestClient, fake_engine: None) -> None:
    atareb = drafted(client).xpath("//li[@id='place-atareb']")[0]
    radios = atareb.xpath(".//fieldset[@class='candidates']//input[@type='radio']")
    assert [(r.get("value"), r.get("checked") is not None) for r in radios] == [("", True), ("0", False)]
    labels = [text_of(atareb.xpath(f".//label[@for='{r.get('id')}']")[0]) for r in radios]
    assert labels[0].startswith("As proposed") and "no coordinates" in labels[0]
    assert labels[1].startswith("Atareb, Aleppo, Syria (GeoNames 174018)") and "0.55" in labels[1]
    assert "GeoNames: two places of this name" in text_of(atareb)


def test_an_event_s_type_is_chosen_among_acled_s_pairs(client: TestClient, fake_engine: None) -> None:
    select = drafted(client).xpath("//li[@id='event-clash']//select")[0]
    assert select.xpath("./optgroup/@label") == list(SUB_EVENT_TYPES)  # in the model's (ACLED's) order
    assert select.xpath("./optgroup/option[@selected]/@value") == ["Battles|Armed clash"]
    assert len(select.xpath("./optgroup/option")) == 25


def test_the_review_pages_are_as_accessible_as_the_article_page(client: TestClient, fake_engine: None) -> None:
    assert accessibility_problems(parse_page(client.get(SEED_PAGE))) == []
    tree = drafted(client)
    assert accessibility_problems(tree) == []
    assert tree.xpath("//fieldset[@class='fact']/legend/h3")
    fields = submitted(tree)
    assert accessibility_problems(page(save(client, fields, "wrong"), 401)) == []
    fields["id"] = ["Not An Id"]
    assert accessibility_problems(page(save(client, fields), 422)) == []


def test_markup_pasted_is_escaped_on_the_review_page(client: TestClient, fake_engine: None) -> None:
    response = client.post("/drafts/new", data=pasted_text(headline='Atareb <script>alert(1)</script>"><img src=x>'))
    assert "<script>alert" not in response.text and "<img" not in response.text
    assert text_of(page(response).xpath("//h1")[0]) == 'Atareb <script>alert(1)</script>"><img src=x>'


# ---- saving -------------------------------------------------------------------------------------------------


def test_saving_stores_what_is_ticked_and_leads_to_the_article_page(client: TestClient, fake_engine: None) -> None:
    response = save(client, submitted(drafted(client)))
    assert response.status_code == 303
    assert response.headers["location"] == "/v1/articles/richer.html"
    assert parse_page(client.get(response.headers["location"])).xpath("//h1")
    article = stored(client)
    assert [a.id for a in article.actors] == ["isis", "fsa", "abu-omar"]
    assert [p.id for p in article.locations] == ["syria", "aleppo"]  # Atareb was not sure enough
    assert [(e.id, e.locations, e.part_of) for e in article.events] == [("clash", ["aleppo"], None)]
    assert [r.id for r in article.relations] == ["abu-omar-spokesperson-for-fsa"]
    assert article.date_published is not None


def test_what_is_unticked_is_left_out_and_what_is_changed_is_stored_changed(
    client: TestClient, fake_engine: None
) -> None:
    fields = submitted(drafted(client))
    untick(fields, "$.actors[1]")  # the FSA: out of the clash, its relation and the byline
    fields["kept"].append("$.locations[2]")  # Atareb after all: the gazetteer's one
    fields["alternative $.locations[2]"] = ["0"]
    fields["kind $.actors[0]"] = ["state_forces"]
    fields["kind $.events[1]"] = ["Explosions/Remote violence|Shelling/artillery/missile attack"]
    fields["id"] = ["clashes-in-atareb"]
    assert save(client, fields).headers["location"] == "/v1/articles/clashes-in-atareb.html"
    article = stored(client, "clashes-in-atareb")
    assert [(a.id, a.kind) for a in article.actors] == [("isis", "state_forces"), ("abu-omar", "person")]
    assert article.publisher is None and article.relations == []
    clash = article.events[0]
    assert (clash.event_type, clash.sub_event_type) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert [p.actor for p in clash.participants] == ["isis"]
    atareb = article.locations[2]
    assert atareb.coordinates is not None and atareb.coordinates.source == ATAREB["source"]
    assert (atareb.country, atareb.parent) == ("SY", "aleppo")
    assert "richer" not in article_ids(client)


def test_a_bad_token_is_said_beside_the_token_and_nothing_is_stored(client: TestClient, fake_engine: None) -> None:
    fields = submitted(drafted(client))
    untick(fields, "$.actors[2]")
    before = snapshot(client)
    for token, words in (("not-the-token", "The token is not valid."), ("  ", "Type the write token.")):
        tree = page(save(client, fields, token), 401)
        assert text_of(tree.xpath("//p[@id='token-problem']")[0]) == words
        assert tree.xpath("//input[@id='token']/@aria-invalid") == ["true"]
        assert not tree.xpath("//input[@id='token']/@value")  # the token is never sent back
        assert sorted(submitted(tree)["kept"]) == sorted(fields["kept"])  # the review as it was
    assert snapshot(client) == before


def test_with_no_token_configured_saving_is_refused_as_writes_are(database_url: str, fake_engine: None) -> None:
    settings = Settings(database_url=database_url, data_dir=DATA_DIR)
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        for token in (WRITE_TOKEN, ""):
            tree = page(save(client, submitted(drafted(client)), token), 403)
            assert "No API token is configured" in text_of(tree.xpath("//p[@id='token-problem']")[0])
        assert article_ids(client) == ["isis-under-attack-northern-syria"]


def _quote_off(article: dict[str, Any]) -> None:
    article["locations"][2]["evidence"][0]["quote"] = "Atarib"


def _unknown_actor(article: dict[str, Any]) -> None:
    article["relations"][0]["subject"] = "abu-bakr"


def _id_twice(article: dict[str, Any]) -> None:
    article["actors"][2]["id"] = "isis"


def _dates_backwards(article: dict[str, Any]) -> None:
    article["events"][1]["date"] = {"start": "2014-01-06", "end": "2014-01-01", "precision": "day", "basis": "stated"}


@pytest.mark.parametrize("tamper", [_quote_off, _unknown_actor, _id_twice, _dates_backwards])
def test_a_draft_sent_back_that_post_v1_articles_would_refuse_is_refused(
    client: TestClient, fake_engine: None, tamper: Any
) -> None:
    fields = submitted(drafted(client))
    draft = json.loads(fields["draft"][0])
    tamper(draft["article"])  # a client may send back anything
    fields["draft"] = [json.dumps(draft)]
    before = snapshot(client)
    tree = page(save(client, fields), 422)
    refused = client.post("/v1/articles", json=draft["article"], headers=AUTH)
    assert refused.status_code == 422
    summary = text_of(tree.xpath("//*[@role='alert']")[0])
    assert "draft the text again" in summary
    for error in refused.json()["errors"]:
        assert f"{error['path']}: {error['message']}" in summary
    assert snapshot(client) == before


def test_a_draft_sent_back_that_is_no_draft_is_refused_in_words(client: TestClient, fake_engine: None) -> None:
    fields = submitted(drafted(client))
    draft = json.loads(fields["draft"][0])
    draft["article"]["actors"][1]["kind"] = "army"
    fields["draft"] = [json.dumps(draft)]
    tree = page(save(client, fields), 400)
    assert "draft the text again" in text_of(tree.xpath("//*[@role='alert']")[0])
    assert article_ids(client) == ["isis-under-attack-northern-syria"]


def test_a_422_s_problems_stand_beside_the_facts_they_name(client: TestClient, fake_engine: None) -> None:
    fields = submitted(drafted(client))
    untick(fields, "$.locations[0]")  # Syria: Atareb is $.locations[1] of what is validated
    fields["kept"].append("$.locations[2]")
    fields["alternative $.locations[2]"] = ["0"]
    draft = json.loads(fields["draft"][0])
    draft["proposals"][5]["alternatives"][0]["value"]["country"] = "Syria"  # a candidate the model refuses
    fields["draft"] = [json.dumps(draft)]
    before = snapshot(client)
    tree = page(save(client, fields), 422)
    beside = tree.xpath("//li[@id='place-atareb']//ul[@class='problems']/li")
    assert [text_of(li) for li in beside] == ["country: Expected `str` matching regex '^[A-Z]{2}$'"]
    problems_id = tree.xpath("//li[@id='place-atareb']//ul[@class='problems']/@id")
    assert tree.xpath("//li[@id='place-atareb']//input[@name='kept']/@aria-describedby") == problems_id
    assert not tree.xpath("//li[@id='place-aleppo']//ul[@class='problems']")
    assert "Atareb" in text_of(tree.xpath("//*[@role='alert']")[0])
    review = submitted(tree)
    assert sorted(review["kept"]) == sorted(fields["kept"]) and review["alternative $.locations[2]"] == ["0"]
    assert snapshot(client) == before


def test_an_id_taken_is_said_beside_the_id_and_another_id_saves(client: TestClient, fake_engine: None) -> None:
    fields = submitted(drafted(client))
    assert save(client, fields).status_code == 303
    tree = page(save(client, fields), 409)
    assert "'richer' is stored already" in text_of(tree.xpath("//p[@id='article-id-problem']")[0])
    fields["id"] = ["richer-again"]
    assert save(client, fields).status_code == 303
    assert {"richer", "richer-again"} <= set(article_ids(client))


def test_an_id_the_model_refuses_is_said_beside_the_id(client: TestClient, fake_engine: None) -> None:
    fields = submitted(drafted(client))
    fields["id"] = ["Not An Id"]
    tree = page(save(client, fields), 422)
    assert "regex" in text_of(tree.xpath("//p[@id='article-id-problem']")[0])


def test_a_form_without_a_draft_of_ours_is_refused_in_words(client: TestClient) -> None:
    for draft in ("", "{not json", json.dumps({"article": {"id": "x"}}), "[]"):
        tree = page(client.post("/drafts/save", data={"draft": draft, "token": WRITE_TOKEN}), 400)
        assert "draft the text again" in text_of(tree.xpath("//*[@role='alert']")[0])
    assert article_ids(client) == ["isis-under-attack-northern-syria"]


@pytest.fixture
def engine_less(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No engine at all: a page that needs none must not call it."""

    def refuse(request: DraftRequest, known: Any) -> Draft:
        raise AssertionError("the engine was called")

    monkeypatch.setattr(drafts, "draft", refuse, raising=False)
    monkeypatch.setattr(review, "known_to", lambda store: None)
    yield


def test_bad_input_never_reaches_the_engine(client: TestClient, engine_less: None) -> None:
    assert client.post("/drafts/new", data=pasted_text(text="")).status_code == 422


def test_what_the_engine_refuses_is_the_form_again_in_words(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(request: DraftRequest, known: Any) -> Draft:
        raise DocumentInvalid(
            [Problem("$.body", "is too hard to read"), Problem("$.locations[0].parent", "unknown location id 'x'")]
        )

    monkeypatch.setattr(drafts, "draft", refuse, raising=False)
    monkeypatch.setattr(review, "known_to", lambda store: None)
    before = snapshot(client)
    tree = page(client.post("/drafts/new", data=pasted_text()), 422)
    assert text_of(tree.xpath("//p[@id='text-problem']")[0]) == "is too hard to read"
    summary = text_of(tree.xpath("//*[@role='alert']")[0])
    assert "The text could not be drafted: $.locations[0].parent: unknown location id 'x'." in summary
    assert tree.xpath("//textarea")[0].text == pasted_text()["text"]
    assert snapshot(client) == before
