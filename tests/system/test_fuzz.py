"""The HTTP surface fuzzed from our own OpenAPI document (schemathesis, in-process over ASGI, on each engine).

Every documented operation gets generated paths, queries, headers and bodies, valid and invalid ones; reads
also with path values that exist, writes (with a valid bearer token, and no rate limit) also with valid
generated articles. Every answer passes all of schemathesis' checks; the few a check cannot judge are in
`not_judged`, each with its reason.

Bounded for `make test`: 25 examples per operation, derandomized, so every run sends the same requests.
To fuzz longer by hand, raise the number of examples, e.g.:

    FUZZ_EXAMPLES=1000 .venv/bin/pytest tests/system/test_fuzz.py
"""

from __future__ import annotations

import os
from typing import Any

import msgspec
import pytest
import schemathesis
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from schemas import Article, DocumentInvalid, anchor, decode_json
from schemas.v1.validation import check_consistency
from service.app import create_app
from service.http import query
from service.http.auth import digest
from service.http.errors import ProblemError
from service.settings import Settings
from tests.conftest import DATA_DIR, SEED_ID, WRITE_TOKEN, articles

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-method": ["PUT", "DELETE"],
                "checks": {
                    "positive_data_acceptance": {
                        # RFC 9110 §13.1.1: a well-formed If-Match naming no current tag is 412; RFC 6585: 428.
                        "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "412", "428", "429", "5xx"],
                    }
                },
            }
        ]
    }
)
"""All checks, as schemathesis runs them by default; conditional writes may also answer 412 and 428."""

OPERATIONS = [
    "GET /",
    "GET /health",
    "GET /ready",
    "GET /problems/{slug}",
    "GET /v1/articles",
    "GET /v1/articles/{ref}",
    "GET /v1/articles/{article_id}/{ref}",
    "GET /v1/articles/{article_id}/{collection}/{ref}",
    "GET /v1/{listing}",
    "GET /v1/{collection}/facets",
    "GET /v1/deletions",
    "GET /v1/schemas",
    "GET /v1/schemas/{name}",
    "POST /v1/articles",
    "PUT /v1/articles/{ref}",
    "DELETE /v1/articles/{ref}",
    "POST /v1/drafts",
]
"""Every operation of the document."""

FORMATS = ("json", "jsonld", "csv", "ndjson", "geojson", "html", "embed.html", "csv-metadata.json", "xml")
ITEMS = {
    "actors": "isis",
    "locations": "aleppo-city",
    "events": "atareb-clash",
    "relations": "nusra-front-split-from-isis",
}
REAL_PATHS: dict[str, list[dict[str, str]]] = {
    "GET /problems/{slug}": [{"slug": "not-found"}, {"slug": "invalid-document"}],
    "GET /v1/articles/{ref}": [{"ref": SEED_ID}, *({"ref": f"{SEED_ID}.{f}"} for f in FORMATS)],
    "GET /v1/articles/{article_id}/{ref}": [
        *({"article_id": SEED_ID, "ref": f"{c}.{f}"} for c in ITEMS for f in FORMATS),
        {"article_id": SEED_ID, "ref": "datapackage.zip"},
    ],
    "GET /v1/articles/{article_id}/{collection}/{ref}": [
        {"article_id": SEED_ID, "collection": c, "ref": f"{i}.{f}"} for c, i in ITEMS.items() for f in FORMATS
    ],
    "GET /v1/{listing}": [
        *({"listing": f"{c}.{f}"} for c in ("articles", *ITEMS) for f in FORMATS),
        {"listing": "datapackage.zip"},
    ],
    "GET /v1/{collection}/facets": [{"collection": c} for c in ITEMS],
    "GET /v1/schemas/{name}": [{"name": "article"}, {"name": "event-list.json"}],
    "DELETE /v1/articles/{ref}": [{"ref": SEED_ID}],
}
"""Paths that exist, so that requests reach the renderers and the store, not only the 404 of a random id."""

PARAMETERS = sorted(
    {name for params in query.PARAMS.values() for name in params}
    | {*query.PAGING, "since", "dialect", "facet", "top", "interval", "level", "fields", "x"}
)
PLAUSIBLE_VALUES = [
    *("0", "1", "2", "1000", "1001", "-1", "01", "1e3", " 1", "excel"),
    *("event_type", "sub_event_type", "date", "kind", "type", "month", "week"),
    *("id,date.start", "date,date.start", "id,id", "id,", "date_start", "coordinates.latitude"),
    *("Battles", "Armed clash", "armed_group", "city", "member_of", "Isis", "FSA", "aleppo-province", "SY", "sy"),
    *("location", "country", "actor", "certainty", "province", "36,35.5,38.5,37", "178,-22,-175,-16", "36.2,37.15,25"),
    *("2014-01-01", "2014-02-30", "2014-01-01T00:00:00Z", "2014-01-01T00:00:00", "2014-01-01T00:00:00+25:00"),
    *(SEED_ID, "Not An Id", query.encode_cursor(SEED_ID, "isis"), query.encode_cursor("a"), "!!", "e30", ""),
]
ODD_VALUES = ["\u00b2", "\u0661\u0660", "\uff11", "\x00", "a\x00", "isis\n", "SY\n", "0001-01-01T00:00:00+01:00"]
"""Values that broke the parser once: non-ASCII digits (superscript two passes isdigit() but not int()), NUL
(PostgreSQL refuses it), a line feed that a regex's `$` lets through, an instant with no UTC date-time."""
query_values = st.one_of(st.sampled_from(PLAUSIBLE_VALUES + ODD_VALUES), st.text(max_size=20))
cursors = st.lists(query_values, max_size=3).map(lambda parts: query.encode_cursor(*parts))
query_strings = st.dictionaries(
    st.sampled_from(PARAMETERS), query_values | st.lists(query_values, min_size=2, max_size=2), max_size=3
)
"""The query parameters the handlers read (the document lists none of them): valid and invalid values."""

header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40).map(str.lstrip)  # as sent
ACCEPTS = [
    *("text/csv", "application/ld+json;q=0.9, */*;q=0.1", "text/html", "text/*", "*/*", "image/png", "*/json"),
    *("application/json;q=2", "application/json;q=abc", "application/geo+json", "application/zip", ",", "a/b;c"),
]
ENTITY_TAGS = ['"x"', "*", 'W/"x"', '"a", "b"', "no-quotes", '"', ""]
request_headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept": st.sampled_from(ACCEPTS) | header_text,
        "If-None-Match": st.sampled_from(ENTITY_TAGS) | header_text,
        "If-Match": st.sampled_from(ENTITY_TAGS) | header_text,
        "If-Modified-Since": st.sampled_from(["Wed, 21 Oct 2015 07:28:00 GMT", "yesterday"]) | header_text,
    },
)
"""The request headers the handlers read (the document lists none of them either)."""


@pytest.fixture
def api_schema(database_url: str) -> schemathesis.BaseSchema:
    """The OpenAPI document the app serves, bound to that app (on its own throwaway store, each engine).

    One app per test: schemathesis' pytest plugin ends an ASGI app's lifespan (closing its store) after each test.
    """
    settings = Settings(
        database_url=database_url,
        data_dir=DATA_DIR,
        token_digests=frozenset({digest(WRITE_TOKEN)}),
        write_rate_limit=None,
    )
    return schemathesis.openapi.from_asgi("/schema/openapi.json", create_app(settings), config=CONFIG)


FIELDS = [field.encode_name for field in msgspec.structs.fields(Article)]
scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
)
json_values = scalars | st.lists(scalars, max_size=3) | st.dictionaries(st.text(max_size=10), scalars, max_size=3)
valid_documents = articles().map(msgspec.to_builtins)
documents = st.one_of(
    valid_documents,
    st.tuples(valid_documents, st.sampled_from(FIELDS), json_values).map(lambda d: {**d[0], d[1]: d[2]}),
    st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), json_values, max_size=6),
    json_values,
)
"""Write bodies: valid articles, articles with one field replaced by any JSON, and other JSON."""


Drawn = tuple[schemathesis.Case, bool]
"""A case, and whether it carries values of ours (a body, a query, headers) besides those schemathesis drew."""


def with_document(operation: schemathesis.APIOperation, document: Any) -> st.SearchStrategy[Drawn]:
    """A write of this JSON body; PUT to the document's id."""
    path = {}
    if operation.method.upper() == "PUT" and isinstance(document, dict) and isinstance(document.get("id"), str):
        path = {"ref": document["id"]}
    strategy = operation.as_strategy(body=document, media_type="application/json", path_parameters=path)
    return strategy.map(lambda case: (case, True))


def to_its_id(case: schemathesis.Case) -> schemathesis.Case:
    """A valid PUT names its document's id in the path, which a schema cannot tie to the body."""
    if isinstance(case.body, dict) and isinstance(case.body.get("id"), str):
        case.path_parameters = {**(case.path_parameters or {}), "ref": case.body["id"]}
    return case


def cases(operation: schemathesis.APIOperation) -> st.SearchStrategy[Drawn]:
    """Valid and invalid requests from the document; plus paths that exist, and real bodies for writes."""
    valid = operation.as_strategy(GenerationMode.POSITIVE)
    if operation.method.upper() == "PUT":
        valid = valid.map(to_its_id)
    generated = [valid, operation.as_strategy(GenerationMode.NEGATIVE)]
    if paths := REAL_PATHS.get(operation.label):
        generated.append(st.sampled_from(paths).flatmap(lambda path: operation.as_strategy(path_parameters=path)))
    drawn = [st.one_of(generated).map(lambda case: (case, False))]
    if operation.method.upper() in ("POST", "PUT"):
        drawn.append(documents.flatmap(lambda document: with_document(operation, document)))
    return st.one_of(drawn)


MODE_CHECKS = [positive_data_acceptance, negative_data_rejection]
NOT_TAKEN_HERE = (
    *("unknown query parameter", "streams the whole filtered set", "dialect applies to CSV"),
    *("is not a facet of", "interval is for facet=date only", "is not a field of", "fields applies to"),
    *("level is for facet=location only", "facet=location needs level", "it is a value of"),
)
"""A documented parameter refused at this path: a filter of another listing, paging a stream, a CSV dialect, a
facet of another collection, an interval of a field that is not a date, a field of another collection, fields
in a format that cannot leave any out, a value of the same-named filter of another collection (type)."""


BLANK_OR_NUL = ("is empty: a draft needs", "NUL characters")
"""What a draft's text may not be beyond its schema: blank (or, as text/plain, without a line after the
headline), or holding NUL characters (a text/plain body has no schema to say so)."""


def not_judged(case: schemathesis.Case, ours: bool, response: schemathesis.Response) -> list[Any]:
    """The checks that cannot judge this answer, each for its reason; none otherwise."""
    if ours:  # they judge by the mode the case was generated in, and our own values changed what it is
        return MODE_CHECKS
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if not positive or response.status_code not in (400, 422):
        return []
    refused = response.json()
    paths = [error["path"] for error in refused.get("errors", [])]
    if paths == ["cursor"]:  # opaque: any string fits its schema, only the cursors we issue are taken
        return [positive_data_acceptance]
    if paths == ["q"]:  # a search's syntax (balanced quotes, a word that is not a stop word) is more than a schema
        return [positive_data_acceptance]
    if paths in (["bbox"], ["near"]):  # a pattern gives the numbers' form, not their ranges (latitudes within 90)
        return [positive_data_acceptance]
    if any(words in refused["detail"] for words in NOT_TAKEN_HERE):
        return [positive_data_acceptance]  # which parameters a path takes depends on its value: OpenAPI cannot say
    if response.status_code == 422 and all(e["message"].startswith(BLANK_OR_NUL) for e in refused["errors"]):
        return [positive_data_acceptance]  # a draft's text needs words, and a headline line and a body (text/plain)
    if response.status_code == 422 and paths == consistency_problems(case.body):
        return [positive_data_acceptance]  # rules across fields (spans, references) are more than JSON Schema says
    return []


def consistency_problems(body: Any) -> list[str]:
    """The JSON paths of what the model finds wrong beyond its schema, in a body that does fit its schema (read as
    the service reads it: 1.0 is an integer, as JSON Schema says; a quote given without offsets is looked for)."""
    try:
        article = msgspec.convert(anchor(decode_json(msgspec.json.encode(body))), Article, strict=True)
    except DocumentInvalid as unanchored:  # (a quote not found exactly once in its field)
        return [problem.path for problem in unanchored.problems]
    except msgspec.ValidationError:
        return []
    return [problem.path for problem in DocumentInvalid(list(check_consistency(article))).problems]  # (as reported)


def test_every_operation_of_the_document_is_fuzzed(api_schema: schemathesis.BaseSchema) -> None:
    documented = [result.ok().label for result in api_schema.get_all_operations()]
    assert sorted(documented) == sorted(OPERATIONS)


@settings(max_examples=EXAMPLES * 8, deadline=None, derandomize=True, database=None)
@given(
    collection=st.sampled_from(list(query.PARAMS)),
    params=st.dictionaries(
        st.sampled_from(PARAMETERS), st.lists(query_values | st.text() | cursors, min_size=1, max_size=2)
    ),
)
def test_the_query_parser_answers_any_value_with_filters_or_a_400(collection: str, params: dict[str, list[str]]):
    """The parser alone, where any Unicode is cheap to try: a value is taken or refused, it never breaks."""
    try:
        query.filters(collection, params)
        query.fields(collection, params)
        query.limit(params)
        query.decode_cursor(params, 2)
    except ProblemError as problem:
        assert problem.status == 400
        assert problem.extensions["errors"][0].path in params
    try:
        query.facet_query(collection, params)
    except ProblemError as problem:
        assert problem.status == 400
        assert problem.extensions["errors"][0].path in [*params, "facet"]  # (facet is required)


@pytest.mark.parametrize("label", OPERATIONS)
def test_every_answer_is_documented_and_none_is_a_server_error(api_schema: schemathesis.BaseSchema, label: str):
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
    @given(drawn=cases(operation), params=st.just({}) | query_strings, headers=st.just({}) | request_headers)
    def fuzz(drawn: Drawn, params: dict[str, Any], headers: dict[str, str]) -> None:
        case, ours = drawn
        sent = {**headers, **AUTH}
        response = case.call(headers=sent, params=params)
        skipped = not_judged(case, ours or bool(params or headers), response)
        case.validate_response(response, excluded_checks=skipped, headers=sent)

    fuzz()
