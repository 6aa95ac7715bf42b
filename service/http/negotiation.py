"""Which renderer answers a request: a URL suffix if there is one, else the Accept header (RFC 9110 §12.5.1)."""

from __future__ import annotations

from dataclasses import dataclass

from service.http.errors import problem
from service.renderers import BY_SUFFIX, Renderer, View, renderers_for


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

    def matches(self, mime: str) -> bool:
        maintype, _, subtype = mime.partition("/")
        return self.maintype in ("*", maintype) and self.subtype in ("*", subtype)

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
        for param in raw_params:
            key, _, value = param.partition("=")
            key, value = key.strip().lower(), value.strip().strip('"')
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


def _quality(renderer: Renderer, ranges: list[MediaRange]) -> float:
    """The q of the most specific media range that matches the renderer's type (0 when none)."""
    matching = [r for r in ranges if r.matches(renderer.mime)]
    if not matching:
        return 0.0
    return max(matching, key=lambda r: r.specificity).q


def choose(view: View, suffix: str | None, accept: str | None, collection: str | None = None) -> Renderer:
    """The renderer for this view: by suffix (404 if it has none), else by Accept (406 if none fits)."""
    if suffix:
        renderer = BY_SUFFIX.get(suffix)
        if renderer is None or not renderer.serves(view, collection):
            available = ", ".join(f".{r.suffix}" for r in renderers_for(view, collection))
            raise problem("unknown-format", f"no format {suffix!r} here; available: {available}")
        return renderer
    candidates = [r for r in renderers_for(view, collection) if r.negotiable]
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
