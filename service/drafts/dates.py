"""When: a date the text states ('4 January 2014', 'January 2014', 'in 2013'), or one worked out from relative
words ('on Friday', 'yesterday', 'last year') and the date the article was published, marked inferred with
what it was worked out from."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from schemas.v1 import DateRange

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? (\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH},? (\d{{4}})\b")
_YEAR = re.compile(r"\b(?:in|since|during) (\d{4})\b")
_WEEKDAY = re.compile(
    r"\b(?:on|last|this|early on|late on|since) (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_RELATIVE = re.compile(
    r"\b(yesterday|today|last night|last week|last month|last year|this year|this month|earlier this month"
    r"|earlier this year)\b",
    re.I,
)
_PUBLISHED = re.compile(
    rf"\b(?:Published|Posted|Updated)(?: on)?:? (?:\w+day,? )?"
    rf"(\d{{1,2}} {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}},? \d{{4}})",
    re.I,
)


def stated(text: str) -> tuple[DateRange, str] | None:
    """The first date a text states, with the words that state it."""
    for pattern, day_first in ((_DAY_MONTH_YEAR, True), (_MONTH_DAY_YEAR, False)):
        match = pattern.search(text)
        if match:
            day, month, year = (match[1], match[2], match[3]) if day_first else (match[2], match[1], match[3])
            try:
                date = dt.date(int(year), MONTHS[month.lower().rstrip(".")], int(day))
            except ValueError:
                continue
            return DateRange(start=date, end=date, precision="day", basis="stated"), match[0]
    match = _MONTH_YEAR.search(text)
    if match:
        month, year = MONTHS[match[1].lower().rstrip(".")], int(match[2])
        last = calendar.monthrange(year, month)[1]
        return (
            DateRange(start=dt.date(year, month, 1), end=dt.date(year, month, last), precision="month", basis="stated"),
            match[0],
        )
    match = _YEAR.search(text)
    if match:
        year = int(match[1])
        return DateRange(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), precision="year", basis="stated"), match[
            0
        ]
    return None


def published(text: str) -> dt.date | None:
    """The date a text says it was published or updated on ('Published: 4 January 2014')."""
    match = _PUBLISHED.search(text)
    found = stated(match[1]) if match else None
    return found[0].start if found else None


def relative(text: str, reference: dt.date | None, basis: str) -> DateRange | None:
    """A date worked out from relative words and the reference date (`basis` says what that date is)."""
    if reference is None:
        return None
    match = _WEEKDAY.search(text)
    if match:
        weekday = WEEKDAYS[match[1].lower()]
        day = reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)
        return _inferred(day, day, "day", f"'{match[0]}' in {basis}: {day:%A} {day.day} {day:%B %Y}")
    match = _RELATIVE.search(text)
    if not match:
        return None
    words = match[1].lower()
    year, month = reference.year, reference.month
    if words in ("yesterday", "last night"):
        day = reference - dt.timedelta(days=1)
        return _inferred(day, day, "day", f"'{match[0]}' in {basis}")
    if words == "today":
        return _inferred(reference, reference, "day", f"'{match[0]}' in {basis}")
    if words == "last week":
        monday = reference - dt.timedelta(days=reference.weekday() + 7)
        return _inferred(monday, monday + dt.timedelta(days=6), "week", f"'{match[0]}' in {basis}")
    if words == "last month":
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        last = calendar.monthrange(year, month)[1]
        return _inferred(dt.date(year, month, 1), dt.date(year, month, last), "month", f"'{match[0]}' in {basis}")
    if words in ("this month", "earlier this month"):
        return _inferred(dt.date(year, month, 1), reference, "month", f"'{match[0]}' in {basis}")
    if words == "last year":
        return _inferred(dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31), "year", f"'{match[0]}' in {basis}")
    return _inferred(dt.date(year, 1, 1), reference, "year", f"'{match[0]}' in {basis}")


def _inferred(start: dt.date, end: dt.date, precision: str, why: str) -> DateRange:
    return DateRange(start=start, end=end, precision=precision, basis="inferred", inferred_from=why[:1000])  # type: ignore[arg-type]
