"""Which renderer answers a request: a URL suffix if there is one, else the Accept header (RFC 9110 §12.5.1).

A media range with a `profile` parameter (RFC 6906) asks for a kind of document, not only a syntax: it matches
only a renderer whose media type declares every profile it names. So `application/ld+json` is schema.org JSON-LD
and `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"` is Web Annotations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from service.http.errors import problem
from service.renderers import Renderer, View, renderers_for

PROFILE = "profile"


def split_suffix(ref: str) -> tuple[str, str | None]:
    """A path segment and the format suffix it names: 'events.csv' → ('events', 'csv'); ids never contain a dot."""
    name, dot, suffix = ref.partition(".")
    return name, (suffix if dot else None)


@dataclass(frozen=True, slots=True)
class MediaRange:
    maintype: str
    subtype: str
    q: float
    params: frozenset[tuple[str, str]]

    def matches(self, renderer: Renderer) -> bool:
        maintype, _, subtype = renderer.mime.partition("/")
        if self.maintype not in ("*", maintype) or self.subtype not in ("*", subtype):
            return False
        return self.profiles <= declared_profiles(renderer.media_type)

    @property
    def profiles(self) -> frozenset[str]:
        return _profiles(self.params)

    @property
    def specificity(self) -> int:
        return (self.maintype != "*") + (self.subtype != "*") + bool(self.params)


def parse_accept(header: str) -> list[MediaRange]:
    """Parse an Accept header; raises ProblemError(400) when it is malformed."""
    ranges = []
    for part in header.split(","):
        part = part.strip()
        if not part:
            continue
        media, *raw_params = (p.strip() for p in part.split(";"))
        maintype, slash, subtype = media.lower().partition("/")
        if not slash or not maintype or not subtype or (maintype == "*" and subtype != "*"):
            raise problem("malformed-header", f"Accept: {media!r} is not a media range")
        q, params = 1.0, set()
        for key, value in _parameters(raw_params):
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = -1.0
                if not 0.0 <= q <= 1.0:
                    raise problem("malformed-header", f"Accept: q={value!r} is not between 0 and 1")
            elif key:
                params.add((key, value))
        ranges.append(MediaRange(maintype, subtype, q, frozenset(params)))
    return ranges


def _parameters(parts: Iterable[str]) -> Iterator[tuple[str, str]]:
    """`key=value` parameters of a media type or range: keys lower-cased, values unquoted."""
    for part in parts:
        key, _, value = part.partition("=")
        yield key.strip().lower(), value.strip().strip('"')


def _profiles(parameters: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The URIs of the `profile` parameters (each a space-separated list, RFC 6906)."""
    return frozenset(uri for key, value in parameters if key == PROFILE for uri in value.split())


def _quality(renderer: Renderer, ranges: list[MediaRange]) -> float:
    """The q of the most specific media range that matches the renderer's type and profiles (0 when none)."""
    matching = [r for r in ranges if r.matches(renderer)]
    if not matching:
        return 0.0
    return max(matching, key=lambda r: r.specificity).q


@cache
def declared_profiles(media_type: str) -> frozenset[str]:
    """The profiles a renderer's media type declares: none for most of ours."""
    _, *params = media_type.split(";")
    return _profiles(_parameters(params))


def choose(view: View, suffix: str | None, accept: str | None, collection: str | None = None) -> Renderer:
    """The renderer for this view: by suffix, among the view's own (404 if it has none), else by Accept (406 if none
    fits). A suffix names one format of each view: `.csv` is the counts' CSV on counts, a table's elsewhere."""
    offered = renderers_for(view, collection)
    if suffix:
        renderer = next((r for r in offered if r.suffix == suffix), None)
        if renderer is None:
            available = ", ".join(f".{r.suffix}" for r in offered)
            raise problem("unknown-format", f"no format {suffix!r} here; available: {available}")
        return renderer
    candidates = [r for r in offered if r.negotiable]
    if not accept or not accept.strip():
        return candidates[0]
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for renderer in candidates:  # server order breaks ties: JSON first
        q = _quality(renderer, ranges)
        if q > best_q:
            best, best_q = renderer, q
    if best is None:
        raise problem(
            "not-acceptable",
            f"none of the available media types fits Accept: {accept}",
            available=list(dict.fromkeys(r.media_type for r in candidates)),
        )
    return best
