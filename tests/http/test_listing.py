"""Paged corpus collections (service/http/listing.py): pages cover everything once, even while writes happen."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.conftest import AUTH, new_document, record_ids


def test_pages_cover_everything_once(corpus: TestClient) -> None:
    everything = record_ids(corpus, "/v1/events")
    seen, url, pages = [], "/v1/events?limit=5", 0
    while url:
        response = corpus.get(url)
        page = response.json()
        seen += [(i["article_id"], i["id"]) for i in page["items"]]
        url = page["next"]
        if url:
            assert response.headers["link"] == f'<{url}>; rel="next"'
            url = url.removeprefix("http://testserver.local")
        pages += 1
    assert seen == everything and pages == 3


def test_pages_neither_skip_nor_repeat_while_writes_happen(corpus: TestClient) -> None:
    first = corpus.get("/v1/actors", params={"limit": "10"}).json()
    corpus.post("/v1/articles", json=new_document("aaa-early"), headers=AUTH)  # sorts before the cursor
    corpus.post("/v1/articles", json=new_document("zzz-late"), headers=AUTH)  # sorts after it
    rest, url = [], first["next"].removeprefix("http://testserver.local")
    while url:
        page = corpus.get(url).json()
        rest += [(i["article_id"], i["id"]) for i in page["items"]]
        url = (page["next"] or "").removeprefix("http://testserver.local")
    seen = [(i["article_id"], i["id"]) for i in first["items"]] + rest
    assert len(seen) == len(set(seen))
    assert ("aaa-early", "isis") not in seen
    assert [x for x in seen if x[0] == "zzz-late"] == [("zzz-late", "fsa"), ("zzz-late", "isis")]
    before = [x for x in record_ids(corpus, "/v1/actors", limit="1000") if x[0] not in ("aaa-early", "zzz-late")]
    assert [x for x in seen if x[0] != "zzz-late"] == before
