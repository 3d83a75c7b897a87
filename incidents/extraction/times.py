"""When: the time words of a sentence, resolved against the publication date.

A report says "at 23:50 last night", "on Thursday", "early Friday", "уночі
12 березня". Each becomes a TimeMention (a day, a part of the day, a clock
time), and a report's mentions are resolved into an interval with a precision.
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from incidents.choices import TimePrecision
from incidents.extraction.vocabulary import phrases

KYIV_TIME = ZoneInfo("Europe/Kyiv")

# (days from the mention's day, start, days from it, end) of each part of a day.
# A night belongs to the day it ends on: "overnight into Thursday".
PARTS: dict[str, tuple[int, dt.time, int, dt.time]] = {
    "night": (-1, dt.time(18), 0, dt.time(9)),
    "early": (0, dt.time(0), 0, dt.time(9)),
    "morning": (0, dt.time(5), 0, dt.time(12)),
    "afternoon": (0, dt.time(12), 0, dt.time(18)),
    "evening": (0, dt.time(18), 0, dt.time(23, 59, 59)),
}
_AROUND = dt.timedelta(minutes=30)

_WEEKDAYS = [
    r"monday|понеділ(?:ок|ка)|понедельник(?:а)?",
    r"tuesday|вівтор(?:ок|ка)|вторник(?:а)?",
    r"wednesday|серед(?:а|у|и)|сред(?:а|у|ы)",
    r"thursday|четвер(?:га)?|четверг(?:а)?",
    r"friday|п'ятниц(?:я|ю|і)|пятниц(?:а|у|ы)",
    r"saturday|субот(?:а|у|и)|суббот(?:а|у|ы)",
    r"sunday|неділ(?:я|ю|і)|воскресень(?:е|я)",
]
_MONTHS = [
    r"january|jan|січня|января",
    r"february|feb|лютого|февраля",
    r"march|mar|березня|марта",
    r"april|apr|квітня|апреля",
    r"may|травня|мая",
    r"june|jun|червня|июня",
    r"july|jul|липня|июля",
    r"august|aug|серпня|августа",
    r"september|sept|sep|вересня|сентября",
    r"october|oct|жовтня|октября",
    r"november|nov|листопада|ноября",
    r"december|dec|грудня|декабря",
]
_WEEKDAY = "|".join(f"(?:{w})" for w in _WEEKDAYS)
_MONTH = "|".join(f"(?:{m})" for m in _MONTHS)
_DAY_OF_MONTH = (
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})\.?"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)"
    r"(?:,?\s+(?P<year>\d{4}))?"
)
_DATE = re.compile(rf"(?<![\w'])(?:{_DAY_OF_MONTH})(?![\w'])", re.IGNORECASE)
_WEEKDAY_RE = re.compile(rf"(?<![\w'])(?:{_WEEKDAY})(?![\w'])", re.IGNORECASE)

# "В ніч на четвер", "в ночь с среды на четверг": the night ending on that day.
_NIGHT_INTO = re.compile(
    r"(?<!\w)(?:в|у) (?:ніч|ночь)(?: (?:з|с|со) \S+)? (?:на|проти) ",
    re.IGNORECASE,
)
# English "the night of 26 August" starts on that day, as "Thursday night" does.
_NIGHT_OF = re.compile(r"(?<!\w)night of (?:the )?", re.IGNORECASE)
# English "Thursday night" starts on Thursday; "early"/"late" qualify the day.
_WEEKDAY_PART = re.compile(
    rf"(?<![\w'])(?P<wd>{_WEEKDAY})\s+(?P<part>night|evening|morning|afternoon)"
    rf"|(?P<q>early|late)(?:\s+on)?\s+(?P<wd2>{_WEEKDAY})(?![\w'])",
    re.IGNORECASE,
)
_LAST_NIGHT = phrases(
    [
        r"last night",
        r"минулої ночі",
        r"цієї ночі",
        r"сьогодні (?:вночі|уночі)",
        r"прошлой ночью",
        r"этой ночью",
        r"сегодня ночью",
    ]
)
_YESTERDAY = phrases([r"yesterday", r"вчора", r"учора", r"вчера"])
_TODAY = phrases([r"today", r"this morning", r"сьогодні", r"сегодня"])
_DAY_BEFORE_YESTERDAY = phrases(
    [r"the day before yesterday", r"позавчора", r"позавчера"]
)
_PART_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "night",
        phrases(
            [
                r"overnight",
                r"nights?",
                r"night-?time",
                r"вночі",
                r"уночі",
                r"ночі",
                r"нічн\w*",
                r"ночью",
                r"ночь",
                r"ночн\w*",
            ]
        ),
    ),
    (
        "early",
        phrases(
            [
                r"early hours",
                r"before dawn",
                r"at dawn",
                r"на світанку",
                r"на рассвете",
            ]
        ),
    ),
    (
        "morning",
        phrases([r"morning", r"вранці", r"уранці", r"зранку", r"утром", r"утра"]),
    ),
    ("afternoon", phrases([r"afternoon", r"вдень", r"удень", r"днем"])),
    (
        "evening",
        phrases(
            [r"evening", r"ввечері", r"увечері", r"вечором", r"вечером", r"вечера"]
        ),
    ),
]
_CLOCK = re.compile(
    r"(?<![\w:.,])(?P<around>(?:around|about|approximately|близько|приблизно|около|"
    r"примерно)\s+)?(?:(?:at|о|об|в|у)\s+)?"
    r"(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d)|\.(?P<dotted>[0-5]\d)(?!\d))?"
    r"\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?(?![\w:])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TimeMention:
    day: dt.date | None = None
    part: str | None = None  # a key of PARTS
    clock: dt.time | None = None
    around: bool = False

    def __bool__(self) -> bool:
        return bool(self.day or self.part or self.clock)

    def or_else(self, other: "TimeMention") -> "TimeMention":
        """This mention, with what it leaves open taken from other."""
        if self.day and other.day and self.day != other.day:
            # Another day than the other's: its part of the day is not ours.
            return self
        return TimeMention(
            day=self.day or other.day,
            part=self.part or other.part,
            clock=self.clock,
            around=self.around,
        )


@dataclass(frozen=True)
class TimeWindow:
    start: dt.datetime
    end: dt.datetime
    precision: str

    def overlaps(self, other: "TimeWindow") -> bool:
        return self.start <= other.end and other.start <= self.end


def _weekday_index(word: str) -> int:
    for index, pattern in enumerate(_WEEKDAYS):
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return index
    raise ValueError(word)


def _latest_weekday(word: str, published: dt.date) -> dt.date:
    """The most recent such weekday on or before publication."""
    return published - dt.timedelta(
        days=(published.weekday() - _weekday_index(word)) % 7
    )


def _month_index(word: str) -> int:
    for index, pattern in enumerate(_MONTHS):
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return index + 1
    raise ValueError(word)


def _date(match: re.Match[str], published: dt.date) -> dt.date | None:
    day = int(match.group("d1") or match.group("d2"))
    month = _month_index(match.group("m1") or match.group("m2"))
    year = int(match.group("year")) if match.group("year") else published.year
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if date > published and not match.group("year"):
        # "12 December" read in January is last year's.
        date = date.replace(year=year - 1)
    return date


def _day_at(text: str, at: int, published: dt.date) -> dt.date | None:
    """The weekday or date written at position at, if any."""
    date = _DATE.match(text, at)
    if date:
        return _date(date, published)
    weekday = _WEEKDAY_RE.match(text, at)
    return _latest_weekday(weekday.group(), published) if weekday else None


def _clock(text: str) -> tuple[dt.time, bool] | None:
    for match in _CLOCK.finditer(text):
        hour = int(match.group("hour"))
        minute = match.group("minute") or match.group("dotted")
        ampm = (match.group("ampm") or "").lower().replace(".", "")
        # A bare "at 5" is no time; "23.50" is one only after "at"/"о"/"в".
        if match.group("dotted") and not re.match(r"\D", match.group()):
            continue
        if minute is None and not ampm:
            continue
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        return dt.time(hour, int(minute or 0)), bool(match.group("around"))
    return None


def find_time(text: str, published: dt.date) -> TimeMention:
    """The time words of one sentence (normalised text)."""
    day: dt.date | None = None
    part: str | None = None
    into = _NIGHT_INTO.search(text)
    if into:
        day, part = _day_at(text, into.end(), published), "night"
    night_of = _NIGHT_OF.search(text)
    if night_of and day is None:
        day = _day_at(text, night_of.end(), published)
        if day is not None:
            part = "night"
            if day < published:
                day += dt.timedelta(days=1)
    qualified = _WEEKDAY_PART.search(text)
    if qualified and day is None:
        if qualified.group("wd"):
            day = _latest_weekday(qualified.group("wd"), published)
            part = qualified.group("part").lower()
            if part == "night" and day < published:
                day += dt.timedelta(days=1)  # "Thursday night" runs into Friday
        else:
            day = _latest_weekday(qualified.group("wd2"), published)
            part = "early" if qualified.group("q").lower() == "early" else "evening"
    if _LAST_NIGHT.search(text) and part is None:
        day, part = day or published, "night"
    if day is None:
        date = _DATE.search(text)
        weekday = _WEEKDAY_RE.search(text)
        if date:
            day = _date(date, published)
        elif weekday:
            day = _latest_weekday(weekday.group(), published)
        elif _DAY_BEFORE_YESTERDAY.search(text):
            day = published - dt.timedelta(days=2)
        elif _YESTERDAY.search(text):
            day = published - dt.timedelta(days=1)
        elif _TODAY.search(text):
            day = published
    if part is None:
        part = next((name for name, words in _PART_WORDS if words.search(text)), None)
        if part == "night" and _YESTERDAY.search(text) and not _DATE.search(text):
            # "Вчора вночі", "yesterday night": the night just gone.
            day = published
    clock = _clock(text)
    return TimeMention(
        day=day,
        part=part,
        clock=clock[0] if clock else None,
        around=bool(clock and clock[1]),
    )


def first_of(mentions: list[TimeMention]) -> TimeMention:
    """The report's own frame: its first day and its first part of a day."""
    day = next((m.day for m in mentions if m.day), None)
    part = next((m.part for m in mentions if m.part), None)
    return TimeMention(day=day, part=part)


def resolve(
    mention: TimeMention, published: dt.date, clock_zone: ZoneInfo = KYIV_TIME
) -> TimeWindow:
    """The interval a mention stands for, in Kyiv time.

    clock_zone is the zone the report's clock times are in (Donetsk has kept
    Moscow time since 2014).
    """
    day = mention.day or published

    def at(date: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(date, time, tzinfo=clock_zone).astimezone(KYIV_TIME)

    if mention.clock is not None:
        # "23:50 last night" is the evening before the night's day.
        late = mention.part == "night" and mention.clock.hour >= 12
        moment = at(day - dt.timedelta(days=1) if late else day, mention.clock)
        if mention.around:
            return TimeWindow(
                moment - _AROUND, moment + _AROUND, TimePrecision.APPROXIMATE.value
            )
        return TimeWindow(moment, moment, TimePrecision.EXACT.value)
    if mention.part is not None:
        start_days, start, end_days, end = PARTS[mention.part]
        return TimeWindow(
            at(day + dt.timedelta(days=start_days), start),
            at(day + dt.timedelta(days=end_days), end),
            TimePrecision.APPROXIMATE.value,
        )
    return TimeWindow(
        at(day, dt.time(0)), at(day, dt.time(23, 59, 59)), TimePrecision.DAY.value
    )


def publication_date(published: dt.date | dt.datetime) -> dt.date:
    if isinstance(published, dt.datetime):
        if published.tzinfo is not None:
            published = published.astimezone(KYIV_TIME)
        return published.date()
    return published
