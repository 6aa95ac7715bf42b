"""POST /v1/drafts in the OpenAPI document: its two request bodies (text/plain and a JSON DraftRequest, strict as
the route reads it) and its answer, a Draft, each with an example."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType

from schemas.v1 import Actor, Article, Coordinates, Event, Evidence, Fatalities, Location, Participant
from schemas.v1.drafts import Alternative, Draft, DraftRequest, Proposal
from service.http.openapi.content import ref
from service.http.openapi.inputs import strict_inputs

HEADLINE = "Clashes near Saraqeb"
BODY = (
    "Government forces clashed with Free Syrian Army (FSA) fighters near Saraqeb in Syria, killing at least nine"
    " civilians."
)
TEXT = f"{HEADLINE}\n{BODY}"
REQUEST = DraftRequest(headline=HEADLINE, body=BODY, language="en")


def _span(text: str, quote: str, field: str = "body") -> Evidence:
    start = text.index(quote)
    return Evidence(field=field, start=start, end=start + len(quote), quote=quote)


EXAMPLE = Draft(
    article=Article(
        id="clashes-near-saraqeb",
        headline=HEADLINE,
        language="en",
        body=BODY,
        actors=[
            Actor(
                id="free-syrian-army",
                kind="armed_group",
                name="Free Syrian Army",
                aliases=["FSA"],
                evidence=[_span(BODY, "Free Syrian Army"), _span(BODY, "FSA")],
            ),
            Actor(
                id="syrian-government-forces",
                kind="state_forces",
                name="Syrian government forces",
                aliases=["Government forces"],
                evidence=[_span(BODY, "Government forces")],
            ),
            Actor(id="civilians", kind="civilians", name="Civilians", evidence=[_span(BODY, "civilians")]),
        ],
        locations=[
            Location(
                id="saraqeb",
                name="Saraqeb",
                kind="town",
                parent="syria",
                country="SY",
                coordinates=Coordinates(
                    latitude=35.86447, longitude=36.80591, geo_precision=1, source="https://www.geonames.org/164816"
                ),
                same_as=["https://www.geonames.org/164816"],
                evidence=[_span(HEADLINE, "Saraqeb", "headline"), _span(BODY, "Saraqeb")],
            ),
            Location(
                id="syria",
                name="Syria",
                kind="country",
                country="SY",
                same_as=["https://www.geonames.org/163843"],
                evidence=[_span(BODY, "Syria")],
            ),
        ],
        events=[
            Event(
                id="armed-clash-saraqeb",
                event_type="Battles",
                sub_event_type="Armed clash",
                summary="Armed clash (Battles): Syrian government forces and Free Syrian Army in Saraqeb, Syria.",
                participants=[
                    Participant(actor="syrian-government-forces", role="actor1"),
                    Participant(actor="free-syrian-army", role="actor2"),
                ],
                locations=["saraqeb", "syria"],
                geo_precision=1,
                fatalities=Fatalities(low=9),
                certainty="stated",
                evidence=[_span(BODY, BODY)],
            )
        ],
    ),
    proposals=[
        Proposal(path="$.actors[0]", source="rules", confidence=0.8, reason="named with its acronym in brackets (FSA)"),
        Proposal(path="$.actors[1]", source="rules", confidence=0.7, reason="a generic actor"),
        Proposal(path="$.actors[2]", source="rules", confidence=0.7, reason="a generic actor"),
        Proposal(
            path="$.locations[0]",
            source="gazetteer",
            confidence=0.85,
            reason="GeoNames 164816 (Saraqib, SY)",
            alternatives=[
                Alternative(
                    label="Saraqib, Syria (population 34,231)",
                    value={"country": "SY", "same_as": ["https://www.geonames.org/164816"]},
                    source="gazetteer",
                    confidence=0.3,
                )
            ],
        ),
        Proposal(path="$.locations[1]", source="gazetteer", confidence=0.85, reason="GeoNames 163843 (Syria, SY)"),
        Proposal(path="$.events[0]", source="rules", confidence=0.6, reason="'clashed': Battles, Armed clash"),
    ],
)
"""A draft as POST /v1/drafts answers it (abridged: the service's own also has the fighting relation)."""


def components() -> dict[str, Any]:
    """The schemas of a draft's answer, and of its request (DraftRequest, DraftImage: inputs only, so strict
    under their own names, as the route reads them)."""
    _, found = msgspec.json.schema_components([Draft], ref_template="#/components/schemas/{name}")
    _, asked = msgspec.json.schema_components([DraftRequest], ref_template="#/components/schemas/{name}")
    return {**found, **strict_inputs(asked)}


def request_body() -> RequestBody:
    text = Schema(type=OpenAPIType.STRING, min_length=1, description="The headline on the first line, then the body.")
    return RequestBody(
        required=True,
        content={
            "text/plain": OpenAPIMediaType(schema=text, example=TEXT),
            "application/json": OpenAPIMediaType(
                schema=ref(DraftRequest.__name__), example=msgspec.to_builtins(REQUEST)
            ),
        },
    )


def answer() -> OpenAPIResponse:
    return OpenAPIResponse(
        description="The draft: an article POST /v1/articles accepts as it is, and a proposal for each of its facts.",
        content={
            "application/json": OpenAPIMediaType(schema=ref(Draft.__name__), example=msgspec.to_builtins(EXAMPLE))
        },
    )
