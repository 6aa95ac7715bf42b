"""IPTC ninjs 3.1 ("News in JSON"): the article as a news item, for newsroom systems that read agency feeds.

Its people, organisations, places and events carry the stable URLs that are their JSON-LD @ids as `uri`, our
id as `literal` (ninjs: "an identifier as a free-text string") and their `name`. Only what the article states is
written: no date is invented, and civilians (a group of people, neither a person nor an organisation) are left out.
"""

from __future__ import annotations

from typing import Any, get_args

import msgspec

from schemas import Actor, Article, Event, Location
from schemas.v1 import Image
from schemas.v1.actors import ActorKind
from service import paths
from service.records import entity_tag
from service.renderers import jsonld
from service.renderers.base import Rendered, Renderer, Resource, View
from service.renderers.geojson import POSITION

MEDIA_TYPE = "application/ninjs+json"
"""ninjs names no media type and IANA registers none: this is the one ninjs feeds announce, a JSON one (RFC 6839)."""
STANDARD = {"name": "ninjs", "version": "3.1", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"}


def _listing(schema_type: str) -> str | None:
    if schema_type in jsonld.PERSON:
        return "people"
    return "organisations" if schema_type in jsonld.ORGANIZATIONS else None


ACTOR_PROPERTIES: dict[str, str | None] = {
    kind: _listing(jsonld.ACTOR_TYPES[kind]) for kind in get_args(get_args(ActorKind)[0])
}
"""Actor kind -> the ninjs property that lists it: people are what JSON-LD types a Person, organisations what it
types an Organization; civilians, a Thing there, are in neither."""

_encoder = msgspec.json.Encoder()


def document(resource: Resource) -> dict[str, Any]:
    """The ninjs object of the article: its text, its dates where stated, and what it is about."""
    article = resource.article
    assert article is not None
    named = _Named(resource.base_url, article)
    item: dict[str, Any] = {
        "uri": resource.url,
        "type": "text",
        "version": entity_tag(_encoder.encode(article)).strip('"'),  # the ETag of its JSON: changes with it
        "standard": STANDARD,
        "firstCreated": article.date_published,
        "versionCreated": article.date_modified,
        "language": article.language,
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": article.body}],
        "by": ", ".join(named.actors[actor_id].name for actor_id in article.authors),
        "infoSources": [named.reference("actors", named.actors[article.publisher]) | {"role": "publisher"}]
        if article.publisher
        else [],
        "people": named.actors_in("people"),
        "organisations": named.actors_in("organisations"),
        "places": [named.place(location) for location in article.locations],
        "events": [named.mention("events", event) for event in article.events],
        "subjects": [{"name": name, "literal": name} for name in _event_types(article)],
        "associations": [_image(resource.url, article.image)] if article.image else [],
    }
    return {key: value for key, value in item.items() if value not in (None, "", [])}


def render(resource: Resource) -> Rendered:
    return _encoder.encode(document(resource))


class _Named:
    """What ninjs says of each thing the article names: our URL for it (its JSON-LD @id), our id, its name."""

    def __init__(self, base_url: str, article: Article):
        self.base_url = base_url
        self.article = article
        self.actors = {actor.id: actor for actor in article.actors}

    def reference(self, collection: str, item: Actor | Location | Event) -> dict[str, Any]:
        name = f"{item.event_type}: {item.sub_event_type}" if isinstance(item, Event) else item.name
        return {
            "uri": self.base_url + paths.item(self.article.id, collection, item.id),
            "literal": item.id,
            "name": name,
        }

    def mention(self, collection: str, item: Actor | Location | Event) -> dict[str, Any]:
        """A reference with how the article relates to it: `about` what its headline names, as in JSON-LD."""
        return self.reference(collection, item) | {"rel": "about" if jsonld._in_headline(item) else "mentions"}

    def actors_in(self, listing: str) -> list[dict[str, Any]]:
        return [self.mention("actors", a) for a in self.article.actors if ACTOR_PROPERTIES[a.kind] == listing]

    def place(self, location: Location) -> dict[str, Any]:
        """A place, with a GeoJSON Point where the gazetteer gave coordinates ([longitude, latitude], RFC 7946)."""
        place = self.mention("locations", location)
        if location.coordinates:
            place["geoJSON"] = {"type": "Point", "coordinates": [getattr(location.coordinates, a) for a in POSITION]}
        return place


def _event_types(article: Article) -> list[str]:
    """ACLED's event and sub-event types of the article's events, each once: ACLED names them, it has no URIs."""
    return list(dict.fromkeys(name for event in article.events for name in (event.event_type, event.sub_event_type)))


def _image(article_url: str, image: Image) -> dict[str, Any]:
    """The lead image as an associated picture (its @id in JSON-LD too): its alt text, caption and URL if known."""
    descriptions = [("alttext", image.description), ("caption", image.caption)]
    picture: dict[str, Any] = {
        "name": "lead image",
        "uri": f"{article_url}#image",
        "type": "picture",
        "descriptions": [{"role": role, "value": value} for role, value in descriptions if value],
        "renditions": [{"name": "web", "href": image.url}] if image.url else [],
    }
    return {key: value for key, value in picture.items() if value}


RENDERER = Renderer(
    name="ninjs",
    suffix="ninjs.json",
    media_type=MEDIA_TYPE,
    views=frozenset({View.ARTICLE}),
    render=render,
)
