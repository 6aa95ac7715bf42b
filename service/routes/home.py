"""The home page: the corpus's events over time, the articles, linked to their pages, and the API in three lines."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from litestar import Request, Response, get

from schemas import SUB_EVENT_TYPES
from service import paths
from service.http.reads import CutShort, bounded
from service.http.representation import tagged
from service.renderers import RENDERERS, html
from service.renderers.html import chart
from service.routes import StoreDependency, settings_of
from service.store import ArticleStore, Filters

LISTED = 100
"""Articles listed on the home page; the rest are a link away (/v1/articles pages through them all)."""
EVERY_BUCKET = 1 << 62
"""A count's `top` that keeps every bucket apart (none counted as `other`)."""


@get(
    "/",
    summary="The home page (HTML): the corpus's events over time, the articles and how to use the API",
    sync_to_thread=True,
    tags=["service"],
    opt={"media_type": "text/html", "tagged": True},
)
def home(request: Request, store: StoreDependency) -> Response[bytes]:
    summaries = store.summaries(limit=LISTED + 1)
    events = events_over_time(store, settings_of(request).count_ms)
    body = html.home(summaries[:LISTED], more=len(summaries) > LISTED, formats=RENDERERS, events=events)
    return tagged(request, body, html.MEDIA_TYPE)


def events_over_time(store: ArticleStore, milliseconds: int) -> chart.EventsChart | None:
    """The chart of the corpus's events, or None when counting them takes longer than a count may (the page is
    drawn without it: a huge corpus never holds a worker up)."""
    try:
        return bounded(milliseconds, _count_events, store)
    except CutShort:
        return None


def _count_events(store: ArticleStore) -> chart.EventsChart:
    """The counts GET /v1/events/facets?facet=date gives: all events by month, whose span sets the interval,
    then each event type's events by that interval (seven counts in all)."""
    by_month = store.facet("events", Filters(), "date", EVERY_BUCKET, "month")
    months = sorted(value for value, _ in by_month.buckets)
    interval = chart.interval_for(months[0], months[-1]) if months else "month"
    counts: dict[str, dict[str, int]] = {}
    for event_type in SUB_EVENT_TYPES if months else ():
        of_type = store.facet("events", Filters(kind=event_type), "date", EVERY_BUCKET, interval)
        counts[event_type] = {value: tally.count for value, tally in of_type.buckets}
    return chart.events_chart(counts, interval, by_month.missing.count, _listing)


def _listing(event_type: str, first: dt.date, last: dt.date) -> str:
    """GET /v1/events of one type whose dates meet the days from `first` to `last`."""
    wanted = {"type": event_type, "date_from": first.isoformat(), "date_to": last.isoformat()}
    return f"{paths.corpus('events')}?{urlencode(wanted)}"
