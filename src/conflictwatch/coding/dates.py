"""Event dates: DATE mentions in a sentence resolved against the publication date.

Weekdays, "yesterday" and "the day before" are resolved here (they are small, exact rules);
calendar forms ("13 February", "September 2023", "last week") go to dateparser, configured as
dependencies.md says. "The day before" is anaphoric: it is resolved against the event it refers to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Relative day words -> days before publication. "Overnight" and "last night" in a report are the
# night before it was published, the day ACLED records for a night attack that began then.
DAY_OFFSETS = {
    "today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0, "earlier today": 0,
    "yesterday": 1, "last night": 1, "overnight": 1, "yesterday morning": 1, "yesterday evening": 1,
    "the day before yesterday": 2,
}
LONE_DAY_WORDS = frozenset({"overnight", "yesterday", "today", "tonight"})
# Anaphoric forms -> days before the date of the event they refer to.
ANAPHORIC = (
    (re.compile(r"^(the )?(same day|that day)$"), 0),
    (re.compile(r"^(the )?(day|night|evening) (before|earlier)$|^(the )?previous (day|night|evening)$"
                r"|^a day (earlier|before)$|^the day prior$"), 1),
    (re.compile(r"^(two|2) days (earlier|before)$"), 2),
    (re.compile(r"^(three|3) days (earlier|before)$"), 3),
)
# The day inside a time-of-day mention: "Monday night", "early on Saturday", "yesterday evening".
TIMED_DAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)\b")
# A part of a named month ("the end of November", "mid-November", "the beginning of May 2023").
MONTH_PART = re.compile(
    r"^(?:the )?(?:end|beginning|start|middle|turn|close)(?: of)? (?P<month>january|february|march|april|may|june|"
    r"july|august|september|october|november|december)(?: (?P<year>\d{4}))?$"
    r"|^mid-?\s?(?P<month2>january|february|march|april|may|june|july|august|september|october|november|december)"
    r"(?: (?P<year2>\d{4}))?$")
# Week-vague forms, precision 2 (ACLED: the event fell within a known week).
WEEK_VAGUE = re.compile(r"^(earlier |late |later |)this week$|^(over |during )?(the|this|last) weekend$|^this past week$")
# Mentions that measure a length of time rather than name a time: never event dates.
DURATION = re.compile(
    r"(\w+-(year|month|week|day)s?(-long|-old)?$)|^(the )?(past |last |next )?(\w+ )?(decades?|years|months|weeks|days|hours)$"
    r"|^(\w+ )?(decades?|centuries|years|months)( long| old)?$"
    r"|^(?!last |this |next |that |past |previous |the |a |every )\w+ (years?|months?|weeks?|days?|hours?)$"
)
PREFIXES = re.compile(r"^(on|in|at|by|from|during|since|early|late|earlier|later)\s+", re.IGNORECASE)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
DECADE = re.compile(r"\b(1[89]\d0|20\d0)'?s\b")  # "the 1990s": its first year, month-or-vaguer precision
# Prepositions that make a bare year a point in time ("in 2022"), not a count ("killed 2022 people").
YEAR_PREPS = frozenset({"in", "since", "during", "until", "by"})
# dateparser periods -> ACLED time_precision
PERIOD_PRECISION = {"time": 1, "day": 1, "week": 2, "month": 3, "year": 3}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    root: int  # token index of the mention's head
    date: dt.date | None  # None when anaphoric: resolve() needs the anchor
    precision: int
    anchor_offset: int | None = None  # days before the referred event's date
    since: bool = False  # "since <date>": a state that began then, not an event on that day


class DateReader:
    """Date mentions of one document, resolved against its publication date."""

    def __init__(self, published: dt.date) -> None:
        self.published = published
        self._parser: Any = None
        self._cache: dict[str, tuple[dt.date, int] | None] = {}

    def _parse(self, text: str) -> tuple[dt.date, int] | None:
        if text in self._cache:
            return self._cache[text]
        if self._parser is None:
            from dateparser.date import DateDataParser

            base = dt.datetime(self.published.year, self.published.month, self.published.day, 12)
            self._parser = DateDataParser(
                languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first"}
            )
        out = None
        data = self._parser.get_date_data(text)
        if data and data.date_obj is not None:
            d = data.date_obj.date()
            precision = PERIOD_PRECISION.get(data.period or "day", 1)
            if not YEAR.search(text) and d.year != self.published.year:
                # no year written: the publication's year ("November 29 and 30" is not 2029)
                try:
                    d = d.replace(year=self.published.year)
                except ValueError:
                    d = d.replace(year=self.published.year, day=28)
            if d > self.published and not YEAR.search(text):
                # "on 20 December" in a February report is last December, not next
                try:
                    d = d.replace(year=d.year - 1)
                except ValueError:
                    d = d - dt.timedelta(days=365)
            out = (d, precision)
        self._cache[text] = out
        return out

    def resolve_text(self, raw: str) -> tuple[dt.date | None, int, int | None] | None:
        """(date, precision, anchor_offset) for one mention text; None when it is not a point in time."""
        low = " ".join(raw.lower().replace("\u2019", "'").split())
        low = low.strip(" ,.;")
        while True:
            m = PREFIXES.match(low)
            if not m or m.group(1) in ("early", "late", "earlier", "later") and low.split()[1:2] == ["this"]:
                break
            low = low[m.end():]
        for rx, off in ANAPHORIC:
            if rx.match(low):
                return None, 1, off
        if DURATION.search(low) and "ago" not in low:
            return None
        if low in DAY_OFFSETS:
            return self.published - dt.timedelta(days=DAY_OFFSETS[low]), 1, None
        if WEEK_VAGUE.match(low):
            if "weekend" in low:
                back = (self.published.weekday() - 5) % 7  # the latest Saturday
                return self.published - dt.timedelta(days=back), 2, None
            return self.published, 2, None
        words = low.split()
        wd = [w for w in words if w in WEEKDAYS]
        if wd and len(words) <= 3 and not YEAR.search(low):
            target = WEEKDAYS.index(wd[0])
            back = (self.published.weekday() - target) % 7
            if words[0] == "last" and back == 0:
                back = 7
            return self.published - dt.timedelta(days=back), 1, None
        part = MONTH_PART.match(low)
        if part:  # "the end of November", "mid-November 2023": the month, month precision
            month, year = part.group("month") or part.group("month2"), part.group("year") or part.group("year2")
            low = month + (" " + year if year else "")
        decade = DECADE.search(low)
        if decade:  # dateparser reads "the 1990s" as today
            return dt.date(int(decade.group(1)), 1, 1), 3, None
        parsed = self._parse(low)
        if parsed is None:
            y = YEAR.search(low)
            if y:  # "the 1990s", "the 2020 war": only the year is known
                return dt.date(int(y.group(1)), 1, 1), 3, None
            return None
        return parsed[0], parsed[1], None

    def mentions(self, sent: Any) -> list[DateMention]:
        out: list[DateMention] = []
        covered: set[int] = set()
        for ent in sent.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            covered.update(range(ent.start, ent.end))
            text = ent.text
            if ent.label_ == "TIME" and text.lower().strip() not in DAY_OFFSETS:
                # "Monday night", "the early hours of Saturday": a time of a named day is that day
                day = TIMED_DAY.search(text.lower())
                prev = ent.doc[ent.start - 1] if ent.start > 0 else None
                if day is None or (prev is not None and prev.lower_ == "since"):
                    continue  # "since Wednesday evening": a running count, read without its date
                text = day.group(0)
            got = self.resolve_text(text)
            span = ent
            if got is None and "," in text:
                # "Saturday, two days (after ...)": spaCy joins a day and a span of days; the day is the date
                head = ent.doc.char_span(ent.start_char, ent.start_char + text.index(","), alignment_mode="contract")
                got = self.resolve_text(head.text) if head is not None and len(head) else None
                span = head if got is not None else ent
            if got is None:
                continue
            d, precision, off = got
            prev = ent.doc[ent.start - 1] if ent.start > 0 else None
            since = bool(prev is not None and prev.lower_ == "since") or ent.text.lower().startswith("since")
            out.append(DateMention(span.start_char, span.end_char, span.text, span.root.i, d, precision, off, since))
        for t in sent:
            # "in 2022": spaCy often tags a bare year as a CARDINAL; after a time preposition it is a date
            if t.i not in covered and t.ent_type_ in ("", "CARDINAL") and re.fullmatch(YEAR.pattern, t.text) \
                    and t.dep_ == "pobj" and t.head.lower_ in YEAR_PREPS and int(t.text) <= self.published.year:
                since = t.head.lower_ == "since"
                out.append(DateMention(t.idx, t.idx + len(t), t.text, t.i, dt.date(int(t.text), 1, 1), 3, None, since))
                continue
            if t.i not in covered and _year_of_a_noun(t) and int(t.text) <= self.published.year:
                # "a deadly 2017 chemical weapons attack", "the 2014 massacre": the year it happened
                out.append(DateMention(t.idx, t.idx + len(t), t.text, t.i, dt.date(int(t.text), 1, 1), 3))
                continue
            # spaCy often leaves these outside any entity
            if t.i not in covered and t.lower_ in LONE_DAY_WORDS:
                d = self.published - dt.timedelta(days=DAY_OFFSETS[t.lower_])
                out.append(DateMention(t.idx, t.idx + len(t), t.text, t.i, d, 1))
        return out


def _year_of_a_noun(t: Any) -> bool:
    """Is a bare year a modifier of a noun ("the 2014 massacre", "a 2017 attack")? A count would
    be one of a plural noun with no article ("2017 people"): the noun is singular, or has an
    article or possessor of its own."""
    if not re.fullmatch(YEAR.pattern, t.text) or t.dep_ not in ("nummod", "compound", "amod"):
        return False
    noun = t.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.i == t.i:
        return False
    return noun.tag_ in ("NN", "NNP") or any(
        c.dep_ in ("det", "poss") and c.i < t.i for c in noun.children)


def anchored(m: DateMention, anchor: dt.date) -> dt.date:
    """The date of an anaphoric mention ("the day before") against the event it refers to."""
    return anchor - dt.timedelta(days=m.anchor_offset or 0)


def parse_published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
