"""Records: collection members as served outside their article, each carrying the id of its article.

Ids are unique within an article, so (article_id, id) is what identifies a record across the corpus;
every list, item, CSV row and NDJSON line of a collection is a record.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from msgspec import Meta

from schemas._base import Base, Id
from schemas.v1.actors import Actor, Relation
from schemas.v1.events import Event
from schemas.v1.locations import Location


class ActorRecord(Actor, frozen=True, kw_only=True):
    article_id: Id


class LocationRecord(Location, frozen=True, kw_only=True):
    article_id: Id


class EventRecord(Event, frozen=True, kw_only=True):
    article_id: Id


class RelationRecord(Relation, frozen=True, kw_only=True):
    article_id: Id


class Deletion(Base, frozen=True, kw_only=True):
    """An article deleted from the service: pipelines that sync drop its rows (GET /v1/deletions)."""

    id: Id
    deleted_at: Annotated[dt.datetime, Meta(tz=True)]
