"""The corpus-wide collections and the deletions feed (service/routes/corpus.py), on SQLite and PostgreSQL:
what each filter selects, in a stable order."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.conftest import AUTH, SEED_ID, new_document, problem, record_ids


def test_deletions_since_a_time(client: TestClient) -> None:
    client.post("/v1/articles", json=new_document("one"), headers=AUTH)
    client.post("/v1/articles", json=new_document("two"), headers=AUTH)
    client.delete("/v1/articles/one", headers=AUTH)
    first = client.get("/v1/deletions").json()["items"][0]
    client.delete("/v1/articles/two", headers=AUTH)
    later = client.get("/v1/deletions", params={"since": first["deleted_at"]}).json()["items"]
    assert [d["id"] for d in later] == ["one", "two"]
    after = client.get("/v1/deletions", params={"since": later[1]["deleted_at"]}).json()["items"]
    assert [d["id"] for d in after] == ["two"]
    problem(client.get("/v1/deletions", params={"since": "yesterday"}), 400, "since")
    problem(client.get("/v1/deletions", params={"since": "2024-01-01T00:00:00"}), 400, "time zone")
    problem(client.get("/v1/deletions", params={"after": "x"}), 400, "unknown query parameter")


SEED_EVENTS = [
    "aleppo-eastern-districts-clash",
    "atareb-clash",
    "atareb-shelling",
    "doctor-death-in-isis-custody",
    "fighting-aleppo-idlib",
    "hazzano-maarat-misreen-clash",
    "isis-ultimatum",
    "kafr-takharim-shooting",
    "nusra-isis-split",
    "qabtan-al-jabal-clash",
    "saraqeb-kafranbel-round-up",
    "tel-abyad-parade",
]


def seed(*event_ids: str) -> list[tuple[str, str]]:
    return [(SEED_ID, e) for e in event_ids]


def test_events_across_the_corpus_in_a_stable_order(corpus: TestClient) -> None:
    assert record_ids(corpus, "/v1/events") == [*seed(*SEED_EVENTS), ("second-article", "clash")]


def test_filter_by_article_and_type(corpus: TestClient) -> None:
    assert record_ids(corpus, "/v1/events", article="second-article") == [("second-article", "clash")]
    assert record_ids(corpus, "/v1/events", type="Protests") == seed("kafr-takharim-shooting")
    assert record_ids(corpus, "/v1/events", sub_type="Shelling/artillery/missile attack") == seed("atareb-shelling")
    assert record_ids(corpus, "/v1/actors", kind="media_organization") == [(SEED_ID, "afp"), (SEED_ID, "bbc")]
    assert record_ids(corpus, "/v1/relations", type="split_from") == [(SEED_ID, "nusra-front-split-from-isis")]


def test_filter_by_actor_id_name_or_alias_in_any_case(corpus: TestClient) -> None:
    mujahideen = seed("aleppo-eastern-districts-clash", "fighting-aleppo-idlib")
    assert record_ids(corpus, "/v1/events", actor="mujahideen-army") == mujahideen
    assert record_ids(corpus, "/v1/events", actor="Mujahideen Army") == mujahideen
    fsa = record_ids(corpus, "/v1/events", actor="fsa")
    assert fsa == [*seed("atareb-clash", "fighting-aleppo-idlib"), ("second-article", "clash")]
    assert record_ids(corpus, "/v1/events", actor="free syrian army") == seed("atareb-clash", "fighting-aleppo-idlib")
    assert record_ids(corpus, "/v1/relations", actor="Munzer Akbik") == [
        (SEED_ID, "munzer-akbik-member-of-national-coalition")
    ]
    assert record_ids(corpus, "/v1/events", actor="nobody at all") == []


def test_a_location_filter_includes_every_place_inside_it(corpus: TestClient) -> None:
    in_province = record_ids(corpus, "/v1/events", location="aleppo-province")
    assert in_province == seed(
        "aleppo-eastern-districts-clash",
        "atareb-clash",
        "atareb-shelling",
        "fighting-aleppo-idlib",
        "isis-ultimatum",
        "qabtan-al-jabal-clash",
    )
    assert record_ids(corpus, "/v1/events", location="Aleppo city") == seed(
        "aleppo-eastern-districts-clash", "isis-ultimatum"
    )
    assert record_ids(corpus, "/v1/locations", location="aleppo-city") == seed(
        "aleppo-city", "ansari", "jisr-al-hajj", "kallassah"
    )
    assert record_ids(corpus, "/v1/events", location="atareb") == [
        *seed("atareb-clash", "atareb-shelling"),
        ("second-article", "clash"),
    ]


def test_filter_by_country(corpus: TestClient) -> None:
    assert (
        len(record_ids(corpus, "/v1/events", country="SY")) == 10
    )  # all but the split and the death, which have no place
    assert record_ids(corpus, "/v1/locations", country="tr") == [(SEED_ID, "turkey")]
    assert record_ids(corpus, "/v1/events", country="FR") == []


def test_a_place_or_an_actor_with_a_type_and_the_type_follows_a_replacement(corpus: TestClient) -> None:
    """A type with a place or an actor is answered from the keys, which carry their item's type: a
    replacement that changes an event's type changes what its keys answer."""
    battles = seed("fighting-aleppo-idlib", "hazzano-maarat-misreen-clash")
    assert record_ids(corpus, "/v1/events", location="idlib-province", type="Battles") == battles
    assert record_ids(corpus, "/v1/events", location="idlib-province", type="Protests") == seed(
        "kafr-takharim-shooting"
    )
    assert record_ids(corpus, "/v1/events", location="atareb", type="Riots") == []
    fsa_battles = [*seed("atareb-clash", "fighting-aleppo-idlib"), ("second-article", "clash")]
    assert record_ids(corpus, "/v1/events", actor="fsa", type="Battles") == fsa_battles
    assert record_ids(
        corpus, "/v1/events", actor="fsa", location="atareb", type="Battles", article="second-article"
    ) == [("second-article", "clash")]
    assert record_ids(corpus, "/v1/actors", actor="afp", kind="media_organization") == [(SEED_ID, "afp")]
    assert record_ids(corpus, "/v1/relations", actor="nusra front", type="split_from") == [
        (SEED_ID, "nusra-front-split-from-isis")
    ]

    url = "/v1/articles/second-article"
    changed = new_document()
    changed["events"][0]["event_type"], changed["events"][0]["sub_event_type"] = "Riots", "Violent demonstration"
    etag = corpus.get(url).headers["etag"]
    assert corpus.put(url, json=changed, headers={**AUTH, "If-Match": etag}).status_code == 200
    assert record_ids(corpus, "/v1/events", location="atareb", type="Riots") == [("second-article", "clash")]
    assert record_ids(corpus, "/v1/events", actor="fsa", type="Battles") == seed(
        "atareb-clash", "fighting-aleppo-idlib"
    )


def test_date_filters_select_overlapping_ranges(corpus: TestClient) -> None:
    # the shooting's range is open at its start (on or before 3 January 2014), so it may overlap anything earlier
    assert record_ids(corpus, "/v1/events", date_to="2013-12-31") == seed("kafr-takharim-shooting", "nusra-isis-split")
    assert record_ids(corpus, "/v1/events", date_from="2014-01-02", date_to="2014-01-02") == seed(
        "kafr-takharim-shooting", "tel-abyad-parade"
    )
    assert record_ids(corpus, "/v1/events", date_from="2014-01-05") == seed(
        "isis-ultimatum", "saraqeb-kafranbel-round-up"
    )
    problem(corpus.get("/v1/events", params={"date_from": "2014-02-01", "date_to": "2014-01-01"}), 400, "after")


def test_updated_since_finds_what_changed(corpus: TestClient) -> None:
    stamp = next(a for a in corpus.get("/v1/articles").json()["items"] if a["id"] == "second-article")["updated_at"]
    assert record_ids(corpus, "/v1/events", updated_since=stamp) == [("second-article", "clash")]
    assert len(record_ids(corpus, "/v1/events", updated_since="2000-01-01T00:00:00Z")) == 13
