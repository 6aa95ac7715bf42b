"""POST /v1/drafts over HTTP, on SQLite and PostgreSQL: a text in, a draft out that POST /v1/articles takes as it
is; what the corpus knows reused with its ids; every bad input a problem, and nothing ever stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from schemas import validate_article
from service.app import create_app
from service.http.openapi.drafts import EXAMPLE, TEXT
from service.settings import Settings
from tests.conftest import AUTH, DATA_DIR, TOKEN_DIGESTS, problem, snapshot

TEXT_PLAIN = {"content-type": "text/plain; charset=utf-8"}
ARTICLE = (
    "Isis shells Aleppo as rebels regroup\n"
    "Isis fighters shelled the eastern districts of Aleppo on Monday, killing at least nine civilians, a monitoring"
    " group said. The Free Syrian Army (FSA) said its units had pushed Isis out of Atareb, in Aleppo province."
)


def test_a_text_is_drafted_and_the_draft_is_an_article_the_service_stores_as_it_is(client: TestClient) -> None:
    before = snapshot(client)
    response = client.post("/v1/drafts", content=ARTICLE.encode(), headers=TEXT_PLAIN)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    drafted = response.json()
    article = drafted["article"]
    assert article["id"] == "isis-shells-aleppo-as-rebels-regroup"
    assert article["headline"] == "Isis shells Aleppo as rebels regroup"
    assert snapshot(client) == before  # a draft stores nothing
    stored = client.post("/v1/articles", json=article, headers=AUTH)
    assert stored.status_code == 201, stored.text
    assert stored.json() == article


def test_what_the_corpus_knows_is_reused_with_its_ids(client: TestClient) -> None:
    drafted = client.post("/v1/drafts", content=ARTICLE.encode(), headers=TEXT_PLAIN).json()
    actors = {a["id"]: a for a in drafted["article"]["actors"]}
    places = {p["id"]: p for p in drafted["article"]["locations"]}
    sources = {p["path"]: p["source"] for p in drafted["proposals"]}
    ids = [a["id"] for a in drafted["article"]["actors"]]
    assert actors["isis"]["name"] == "Islamic State in Iraq and the Levant"  # the seed article's actor
    assert sources[f"$.actors[{ids.index('isis')}]"] == "corpus"
    assert actors["free-syrian-army"]["aliases"] == ["FSA"]
    place_ids = [p["id"] for p in drafted["article"]["locations"]]
    assert {"aleppo-city", "aleppo-province", "atareb"} <= set(place_ids)
    assert sources[f"$.locations[{place_ids.index('aleppo-city')}]"] == "corpus"
    assert places["aleppo-city"]["parent"] == "aleppo-province"
    assert places["aleppo-city"]["coordinates"]["source"] == "https://www.geonames.org/170063"


def test_a_stored_draft_teaches_the_next_one(client: TestClient) -> None:
    first = "Kenyan police disperse protesters\nPolice fired tear gas at protesters in Kisumu, Kenya, on Tuesday."
    article = client.post("/v1/drafts", content=first.encode(), headers=TEXT_PLAIN).json()["article"]
    assert client.post("/v1/articles", json=article, headers=AUTH).status_code == 201
    drafted = client.post("/v1/drafts", content=b"Calm in Kisumu\nKisumu was quiet on Wednesday.", headers=TEXT_PLAIN)
    (kisumu,) = drafted.json()["article"]["locations"]
    assert kisumu["id"] == "kisumu"
    assert drafted.json()["proposals"][0]["source"] == "corpus"  # Kenya is not named: the corpus says where it is
    assert kisumu["coordinates"]["source"] == "https://www.geonames.org/191245"


def test_the_json_form_takes_the_image_words_and_the_publication_date(client: TestClient) -> None:
    asked = {
        "headline": "Clashes near Saraqeb",
        "body": "Rebels clashed with government forces near Saraqeb on Friday.",
        "language": "en-GB",
        "url": "https://example.org/saraqeb",
        "date_published": "2014-01-05T10:00:00Z",
        "image": {"caption": "Smoke over Saraqeb, Syria"},
    }
    drafted = client.post("/v1/drafts", json=asked).json()
    article = drafted["article"]
    assert (article["language"], article["url"], article["date_published"]) == (
        "en-GB",
        "https://example.org/saraqeb",
        "2014-01-05T10:00:00Z",
    )
    assert article["image"] == {"description": None, "caption": "Smoke over Saraqeb, Syria", "url": None}
    (saraqeb,) = [p for p in article["locations"] if p["name"] == "Saraqeb"]
    assert [e["field"] for e in saraqeb["evidence"]] == ["headline", "image.caption", "body"]
    (clash,) = article["events"]
    assert clash["date"]["start"] == clash["date"]["end"] == "2014-01-03"
    validate_article(article)


def test_a_language_the_rules_do_not_read_is_noted(client: TestClient) -> None:
    asked = {"headline": "Combats à Alep", "body": "Des rebelles ont attaqué Alep lundi.", "language": "fr"}
    drafted = client.post("/v1/drafts", json=asked)
    assert drafted.status_code == 200
    assert "'fr'" in drafted.json()["notes"][0]
    assert drafted.json()["article"]["actors"] == []


@pytest.mark.parametrize(
    ("body", "headers", "status", "slug", "detail"),
    [
        (b"", TEXT_PLAIN, 422, "invalid-document", "$.headline: is empty"),
        (b"   \n \n  ", TEXT_PLAIN, 422, "invalid-document", "is empty"),
        (b"A headline only\n", TEXT_PLAIN, 422, "invalid-document", "$.body: is empty"),
        (b"Headline\nBody with a NUL \x00 in it", TEXT_PLAIN, 422, "invalid-document", "$.body: NUL characters"),
        (b"Headline\n\xff\xfe not UTF-8", TEXT_PLAIN, 400, "malformed-text", "not UTF-8"),
        (b"Headline\nBody", {"content-type": "text/plain; charset=latin-1"}, 415, "unsupported-media-type", "UTF-8"),
        (b"Headline\nBody", {"content-type": "text/html"}, 415, "unsupported-media-type", "text/plain"),
        (b"{not json", {"content-type": "application/json"}, 400, "malformed-json", "not valid UTF-8 JSON"),
        (b'{"headline": "H", "body": "B", "extra": 1}', {}, 422, "invalid-document", "$.extra: unknown field"),
        (b'{"headline": "H", "body": "B", "image": {"alt": "x"}}', {}, 422, "invalid-document", "$.image.alt"),
        (b'{"headline": "H"}', {}, 422, "invalid-document", "missing required field `body`"),
        (b'{"headline": "H", "body": " "}', {}, 422, "invalid-document", "$.body: is empty"),
        (b'{"headline": "H", "body": "B", "language": "12"}', {}, 422, "invalid-document", "$.language"),
        (b'["H", "B"]', {}, 422, "invalid-document", "expected a JSON object"),
    ],
)
def test_bad_input_is_a_problem_and_stores_nothing(
    client: TestClient, body: bytes, headers: dict[str, str], status: int, slug: str, detail: str
) -> None:
    before = snapshot(client)
    headers = headers or {"content-type": "application/json"}
    found = problem(client.post("/v1/drafts", content=body, headers=headers), status, detail)
    assert found["type"].endswith(f"/problems/{slug}")
    assert snapshot(client) == before


@pytest.fixture
def capped(settings: Settings) -> Iterator[TestClient]:
    """The service with a small body cap and two writes a minute per client."""
    strict = Settings(
        database_url=settings.database_url,
        data_dir=DATA_DIR,
        token_digests=TOKEN_DIGESTS,
        max_body_bytes=200,
        write_rate_limit=("minute", 2),
    )
    with TestClient(create_app(strict), base_url="http://testserver.local") as test_client:
        yield test_client


def test_drafts_are_size_capped_and_rate_limited_as_writes_are(capped: TestClient) -> None:
    problem(capped.post("/v1/drafts", content=b"Headline\n" + b"x" * 300, headers=TEXT_PLAIN), 413)
    assert capped.post("/v1/drafts", content=b"Headline\nBody.", headers=TEXT_PLAIN).status_code == 200
    problem(capped.post("/v1/drafts", content=b"Headline\nBody.", headers=TEXT_PLAIN), 429)


def test_the_openapi_document_describes_the_route_with_its_examples(client: TestClient) -> None:
    document = client.get("/schema/openapi.json").json()
    operation = document["paths"]["/v1/drafts"]["post"]
    content = operation["requestBody"]["content"]
    assert content["text/plain"]["example"] == TEXT
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/DraftRequest"}
    assert document["components"]["schemas"]["DraftRequest"]["additionalProperties"] is False
    answer = operation["responses"]["200"]["content"]["application/json"]
    assert answer["schema"] == {"$ref": "#/components/schemas/Draft"}
    validate_article(answer["example"]["article"])
    assert "security" not in operation
    assert {"400", "413", "415", "422", "429"} <= set(operation["responses"])
    assert not {"401", "403", "409"} & set(operation["responses"])
    drafted = client.post("/v1/drafts", content=TEXT.encode(), headers=TEXT_PLAIN).json()
    names = {a["name"] for a in drafted["article"]["actors"]}
    assert {a.name for a in EXAMPLE.article.actors} <= names  # the example is what the service drafts (abridged)
    assert [p["id"] for p in drafted["article"]["locations"]] == [p.id for p in EXAMPLE.article.locations]
