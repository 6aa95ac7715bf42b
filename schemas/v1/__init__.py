"""Version 1 of the article model."""

from schemas.v1.actors import Actor, ActorKind, Relation, RelationType
from schemas.v1.article import SCHEMA_VERSION, Article, ArticleSummary, ArticleText, Image, Page, Section, text_of
from schemas.v1.events import SUB_EVENT_TYPES, DateRange, Event, EventType, Fatalities, Participant
from schemas.v1.evidence import TEXT_FIELDS, Attribution, Evidence
from schemas.v1.locations import Coordinates, Location

__all__ = [
    "SCHEMA_VERSION",
    "SUB_EVENT_TYPES",
    "TEXT_FIELDS",
    "Actor",
    "ActorKind",
    "Article",
    "ArticleSummary",
    "ArticleText",
    "Attribution",
    "Coordinates",
    "DateRange",
    "Event",
    "EventType",
    "Evidence",
    "Fatalities",
    "Image",
    "Location",
    "Page",
    "Participant",
    "Relation",
    "RelationType",
    "Section",
    "text_of",
]
