"""Records' shared rules: the entity-tag list an If-Match or If-None-Match header names."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from service.records import entity_tags
from tests.conftest import SEED_ARTICLE


@pytest.mark.parametrize(
    ("header", "tags"),
    [
        ('"a"', ['"a"']),
        ('"a,b"', ['"a,b"']),
        ('W/"x", "y"', ['W/"x"', '"y"']),
        ("*", ["*"]),
        ("", []),
        (' , "a" ,', ['"a"']),
        ('"a",,"b"', ['"a"', '"b"']),
    ],
)
def test_a_list_is_read_tag_by_tag_and_a_tag_may_hold_a_comma(header: str, tags: list[str]) -> None:
    assert entity_tags(header) == tags


@pytest.mark.parametrize("header", ['"a" "b"', "a", '"a', "W/a", '"a"b'])
def test_anything_else_is_not_a_list_of_tags(header: str) -> None:
    assert entity_tags(header) is None


def test_a_tag_with_a_comma_in_a_request_is_no_malformed_header(client: TestClient) -> None:
    current = client.get(SEED_ARTICLE).headers["etag"]
    assert client.get(SEED_ARTICLE, headers={"If-None-Match": f'"a,b", {current}'}).status_code == 304
    assert client.get(SEED_ARTICLE, headers={"If-None-Match": '"a,b"'}).status_code == 200
    assert client.get(SEED_ARTICLE, headers={"If-None-Match": '"a" "b"'}).status_code == 400
