"""schema.org JSON-LD: the article as a NewsArticle and its facts as linked nodes, each with a stable @id.

The 1:1 field mappings live on the model, as `Meta(extra={"jsonld": property})` (with `"ref": collection` when
the field holds the id of another node); this module keeps only what needs a rule: types by kind, relations,
participants and what the article is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import msgspec
import orjson
from msgspec import inspect as mi

from schemas import API_VERSION, Actor, Article, Event, Location, Relation
from service.records import batched
from service.renderers.base import Rendered, Renderer, Resource, View

CONTEXT = "https://schema.org"

ACTOR_TYPES: dict[str, str] = {
    "person": "Person",
    "armed_group": "Organization",
    "coalition": "Organization",
    "government": "GovernmentOrganization",
    "state_forces": "GovernmentOrganization",
    "political_organization": "Organization",
    "media_organization": "NewsMediaOrganization",
    "civilians": "Thing",  # a group of people: neither one Person nor an Organization
    "organization": "Organization",
}
PERSON = frozenset({"Person"})
ORGANIZATIONS = frozenset({"Organization", "GovernmentOrganization", "NewsMediaOrganization"})

LOCATION_TYPES: dict[str, str] = {
    "country": "Country",
    "province": "State",  # "a state or province of a country"
    "region": "Place",
    "city": "City",
    "district": "AdministrativeArea",
    "town": "City",  # "a city or town"
    "village": "Place",
    "border_area": "Place",
    "area": "Place",
}

RELATION_PROPERTIES: dict[str, tuple[str, frozenset[str]]] = {
    "member_of": ("memberOf", PERSON | ORGANIZATIONS),
    "leader_of": ("memberOf", PERSON | ORGANIZATIONS),
    "part_of": ("parentOrganization", ORGANIZATIONS),
    "works_for": ("worksFor", PERSON),
    "spokesperson_for": ("worksFor", PERSON),
    "affiliated_with": ("affiliation", PERSON),
}
"""Relation type -> (the subject's property, the subject types it is defined on); every object is an Organization.

Only current relations are stated (schema.org has no 'former'); the other types have no schema.org property.
"""


def graph(resource: Resource) -> dict[str, Any]:
    """The JSON-LD document: the article and everything in it, or the nodes of some records."""
    return {"@context": CONTEXT, "@graph": list(_nodes(resource))}


def _nodes(resource: Resource) -> Iterator[dict[str, Any]]:
    if resource.view is View.ARTICLE:
        article = resource.article
        assert article is not None
        nodes = _Nodes(article, resource.base_url)
        yield nodes.news_article()
        found: Iterator[dict[str, Any] | None] = map(nodes.of, (*article.actors, *article.locations, *article.events))
    else:
        found = _record_nodes(resource)
    yield from (node for node in found if node is not None)


def _record_nodes(resource: Resource) -> Iterator[dict[str, Any] | None]:
    builder: _Nodes | None = None
    for record in resource.records:
        if builder is None or builder.article.id != record.article_id:  # records come grouped by article
            article = resource.articles.get(record.article_id)
            if article is None:  # deleted since the records were read
                continue
            builder = _Nodes(article, resource.base_url)
        yield builder.of(record.item())


def render(resource: Resource) -> Rendered:
    if not resource.streamed:
        return orjson.dumps(graph(resource))
    return _stream(resource)


def _stream(resource: Resource) -> Iterator[bytes]:
    yield b'{"@context":"https://schema.org","@graph":['
    first = True
    for chunk in batched(_nodes(resource), 1_000):
        yield (b"" if first else b",") + b",".join(map(orjson.dumps, chunk))
        first = False
    yield b"]}"


@cache
def _mapped_fields(struct_type: type) -> tuple[tuple[str, str, str | None], ...]:
    """(attribute, schema.org property, collection it refers to) of each field the model maps to JSON-LD."""
    info = mi.type_info(struct_type)
    assert isinstance(info, mi.StructType)
    extras = {f.name: f.type.extra or {} for f in info.fields if isinstance(f.type, mi.Metadata)}
    return tuple((name, extra["jsonld"], extra.get("ref")) for name, extra in extras.items() if "jsonld" in extra)


def _in_headline(item: Actor | Location | Event) -> bool:
    return any(evidence.field == "headline" for evidence in item.evidence)


class _Nodes:
    """Builds the nodes of one article, all with @ids under the article's URL in this service."""

    def __init__(self, article: Article, base_url: str):
        self.article = article
        self.base = f"{base_url}/{API_VERSION}/articles/{article.id}"
        self.actor_types = {actor.id: ACTOR_TYPES[actor.kind] for actor in article.actors}

    def iri(self, collection: str, id: str) -> str:
        return f"{self.base}/{collection}/{id}"

    def ref(self, collection: str, id: str) -> dict[str, str]:
        return {"@id": self.iri(collection, id)}

    def properties(self, struct: msgspec.Struct) -> dict[str, Any]:
        """The properties the model declares for this Struct's fields; empty values left out."""
        node: dict[str, Any] = {}
        for attribute, prop, collection in _mapped_fields(type(struct)):
            value = getattr(struct, attribute)
            if value is None or value == []:
                continue
            if collection is not None:
                value = (
                    [self.ref(collection, v) for v in value] if isinstance(value, list) else self.ref(collection, value)
                )
            node[prop] = msgspec.to_builtins(value)  # dates become ISO 8601 text
        return node

    def of(self, item: msgspec.Struct) -> dict[str, Any] | None:
        if isinstance(item, Actor):
            return self.actor(item)
        if isinstance(item, Location):
            return self.place(item)
        if isinstance(item, Event):
            return self.event(item)
        assert isinstance(item, Relation)
        return self.relation(item)

    def news_article(self) -> dict[str, Any]:
        """The NewsArticle: `about` what its headline names, `mentions` the rest, set where its events happen."""
        article = self.article
        node: dict[str, Any] = {"@id": self.base, "@type": "NewsArticle", **self.properties(article)}
        if article.image:
            node["image"] = {"@id": f"{self.base}#image", "@type": "ImageObject", **self.properties(article.image)}
        named: list[tuple[str, Actor | Location | Event]] = [
            *(("actors", actor) for actor in article.actors),
            *(("locations", location) for location in article.locations),
            *(("events", event) for event in article.events),
        ]
        places = dict.fromkeys(place for event in article.events for place in event.locations)
        extra = {
            "about": [self.ref(collection, item.id) for collection, item in named if _in_headline(item)],
            "mentions": [self.ref(collection, item.id) for collection, item in named if not _in_headline(item)],
            "contentLocation": [self.ref("locations", place) for place in places],
        }
        return node | {key: value for key, value in extra.items() if value}

    def actor(self, actor: Actor) -> dict[str, Any]:
        node: dict[str, Any] = {"@id": self.iri("actors", actor.id), "@type": self.actor_types[actor.id]}
        node |= self.properties(actor)
        if node["@type"] not in PERSON:
            node.pop("jobTitle", None)
        for relation in self.article.relations:
            if relation.subject == actor.id and (role := self.role(relation)):
                node.setdefault(role[0], []).append(role[1])
        return node

    def place(self, location: Location) -> dict[str, Any]:
        iri = self.iri("locations", location.id)
        node: dict[str, Any] = {"@id": iri, "@type": LOCATION_TYPES[location.kind], **self.properties(location)}
        if location.coordinates:
            node["geo"] = {"@id": f"{iri}#geo", "@type": "GeoCoordinates", **self.properties(location.coordinates)}
        if location.country:
            node["address"] = {"@id": f"{iri}#address", "@type": "PostalAddress", "addressCountry": location.country}
        return node

    def event(self, event: Event) -> dict[str, Any]:
        """An Event named by its ACLED type; participants are attendees, each in a Role carrying its ACLED role."""
        iri = self.iri("events", event.id)
        node: dict[str, Any] = {"@id": iri, "@type": "Event", "name": f"{event.event_type}: {event.sub_event_type}"}
        node |= self.properties(event) | (self.properties(event.date) if event.date else {})
        if event.participants:
            node["attendee"] = [
                {"@id": f"{iri}#{p.role}-{p.actor}", "@type": "Role", **self.properties(p)} for p in event.participants
            ]
        return node

    def role(self, relation: Relation) -> tuple[str, dict[str, Any]] | None:
        """The subject's property for this relation and its value, a Role (the relation's own node); or None."""
        if relation.type not in RELATION_PROPERTIES or relation.status != "current":
            return None
        prop, subject_types = RELATION_PROPERTIES[relation.type]
        if (
            self.actor_types[relation.subject] not in subject_types
            or self.actor_types[relation.object] not in ORGANIZATIONS
        ):
            return None
        role = {"@id": self.iri("relations", relation.id), "@type": "OrganizationRole", **self.properties(relation)}
        return prop, role | {prop: self.ref("actors", relation.object)}

    def relation(self, relation: Relation) -> dict[str, Any] | None:
        """A relation seen from its subject (schema.org's Role pattern), or None where schema.org cannot say it."""
        role = self.role(relation)
        if role is None:
            return None
        subject = {"@id": self.iri("actors", relation.subject), "@type": self.actor_types[relation.subject]}
        return subject | {role[0]: [role[1]]}


RENDERER = Renderer(
    name="jsonld",
    suffix="jsonld",
    media_type="application/ld+json",
    views=frozenset({View.ARTICLE, View.COLLECTION, View.ITEM}),
    render=render,
)
