"""The tables `make eval` writes (and the docs show): each figure beside its target, met or not."""

from __future__ import annotations

from eval.matching import Count, Scores, Share
from eval.report import tables
from eval.run import Drafted, Results, Speed, Took


def results(actors_found: int, seconds: float) -> Results:
    scores = Scores(
        actors=Count(proposed=12, annotated=10, matched=actors_found),
        places=Count(proposed=10, annotated=10, matched=9),
        coordinates_right=Share(passed=4, of=5),
        coordinates_invented=Share(passed=0, of=3),
        events=Count(proposed=4, annotated=5, matched=3),
        spans_exact=Share(passed=40, of=40),
    )
    unseen = [Drafted(id="held-out-one", words=300, seconds=0.05, scores=scores, accepted=True)]
    studied = [
        Drafted(id="eval-two", words=280, seconds=0.04, scores=Scores(actors=Count(5, 6, 5)), accepted=True),
        Drafted(id="dev-three", words=290, seconds=0.04, scores=Scores(actors=Count(4, 4, 3)), accepted=False),
    ]
    bundled = [Drafted(id="bundled", words=510, seconds=0.07, scores=Scores(), accepted=False, problems=["$: x"])]
    speed = Speed(
        article="bundled",
        words=510,
        drafts=[Took(seconds + 0.01, seconds)] * 5,
        importing=Took(0.6, 0.5),
        first_draft=Took(1.5, 1.2 + seconds),
        rss_before_mb=20.0,
        rss_peak_mb=220.0,
        core=0,
    )
    return Results(
        when="2026-12-04T10:00:00+00:00",
        machine="x86_64",
        versions={"spacy": "3.8.1"},
        unseen=unseen,
        studied=studied,
        bundled=bundled,
        speed=speed,
    )


def rows(text: str) -> dict[str, list[str]]:
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if line.startswith("| ")]
    return {row[0]: row[1:] for row in cells}


def test_each_figure_stands_beside_its_target() -> None:
    table = rows(tables(results(actors_found=8, seconds=0.2)))
    assert table["actors, kind right"] == [
        "R 0.80 (8 of 10), P 0.67 (8 of 12)",  # held out: what the target is judged on
        "R 0.80 (8 of 10), P 0.89 (8 of 9)",  # the studied articles, added up
        "R — (0 of 0), P — (0 of 0)",
        "recall ≥ 0.8",
        "yes",
    ]
    assert table["places"][3:] == ["recall ≥ 0.9", "yes"]
    assert table["places GeoNames knows: coordinates within 15 km"] == ["4/5", "0/0", "0/0", "all", "**no**"]
    assert table["places found that have no gazetteer coordinates: given some"][::3] == ["0 of 3", "none"]
    assert table["events, ACLED type right"][3:] == ["recall ≥ 0.6", "yes"]
    assert table["evidence spans exact"][0] == "100% (40 of 40)"
    assert table["drafts the validation accepts"] == ["1 of 1", "1 of 2", "0 of 1", "all", "yes"]  # (held out)
    assert table["a draft of the 510-word bundled article"][1:] == ["≤ 0.3 s", "yes"]
    assert table["loading, on first use: the engine's import, and its first draft beyond a draft"][0].startswith(
        "1.70 s"
    )
    assert table["memory the engine adds (resident, at its peak)"][1:] == ["≤ 300 MB", "yes"]
    assert table["held-out-one"] == ["300", "8/10", "9/10", "4/5", "3/5", "0/0", "40/40", "yes", "0.050 s"]
    assert table["dev-three"][1] == "3/4" and table["dev-three"][7] == "**no**"


def test_a_target_missed_says_so() -> None:
    table = rows(tables(results(actors_found=7, seconds=0.31)))
    assert table["actors, kind right"][4] == "**no**"
    assert table["a draft of the 510-word bundled article"][2] == "**no**"


def test_the_heading_gives_the_day_not_the_time() -> None:
    heading = tables(results(actors_found=8, seconds=0.2)).split("\n\n", 1)[0]
    assert heading.startswith("Drafted on 2026-12-04 on one core (x86_64; spacy 3.8.1) from each article's")
    assert "10:00" not in heading
