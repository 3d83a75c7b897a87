"""When an incident happened, as an analyst reads it: Kyiv time, the active
language's month names, and no more precision than the report gives.

    exact        "12 Jun 2024, 23:50"  (an interval: "12 Jun 2024, 23:50–00:30")
    day          "12 Jun 2024"         (several days: "12–14 Jun 2024")
    approximate  "night of 27–28 Aug 2025 · approximate", "27 Aug 2025 · approximate"

The date formats are translatable strings (Django's date format characters), so a
language can order and spell them its own way: Ukrainian writes "12 черв. 2024".
"""

import datetime as dt

from django.utils import dateformat
from django.utils.translation import gettext, pgettext

from incidents.choices import TimePrecision
from incidents.filters import KYIV

# A night: from this hour of one day to that hour of the next, Kyiv time. Reports
# say "overnight" for attacks from the evening to the morning.
NIGHT_STARTS = 18
NIGHT_ENDS = 9
SMALL_HOURS_END = 6  # an interval starting before this belongs to the night before


def _day(day: dt.date | dt.datetime) -> str:
    return dateformat.format(day, pgettext("date format: a day", "j M Y"))


def _time(moment: dt.datetime) -> str:
    return dateformat.format(moment, pgettext("time format", "H:i"))


def _moment(moment: dt.datetime) -> str:
    return gettext("%(day)s, %(time)s") % {"day": _day(moment), "time": _time(moment)}


def moment_text(moment: dt.datetime) -> str:
    """A moment in Kyiv time: "12 Jun 2024, 23:50"."""
    return _moment(moment.astimezone(KYIV))


def day_range(first: dt.date, last: dt.date) -> str:
    """'27–28 Aug 2025', '30 Aug – 2 Sep 2025', '30 Dec 2024 – 2 Jan 2025'."""
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        start = dateformat.format(
            first, pgettext("date format: first day in month", "j")
        )
    elif first.year == last.year:
        start = dateformat.format(
            first, pgettext("date format: first day in year", "j M")
        )
    else:
        start = _day(first)
    separator = "–" if (first.year, first.month) == (last.year, last.month) else " – "
    return f"{start}{separator}{_day(last)}"


def _night_of(start: dt.datetime, end: dt.datetime) -> dt.date | None:
    """The evening's day of the night the interval lies in, if it lies in one."""
    if start.hour >= NIGHT_STARTS:
        evening = start.date()
    elif start.hour < SMALL_HOURS_END:
        evening = start.date() - dt.timedelta(days=1)
    else:
        return None
    morning_ends = dt.datetime.combine(
        evening + dt.timedelta(days=1), dt.time(NIGHT_ENDS), KYIV
    )
    # An evening alone (19:00-22:00) is not a night; it must reach past midnight
    # or lie in the small hours.
    if end > morning_ends or (start.hour >= NIGHT_STARTS and end.date() == evening):
        return None
    return evening


def _last_day(start: dt.datetime, end: dt.datetime) -> dt.date:
    # An interval ending at midnight ends with the day before it.
    if end > start and end.time() == dt.time(0):
        return end.date() - dt.timedelta(days=1)
    return end.date()


def incident_when(
    occurred_from: dt.datetime, occurred_to: dt.datetime, time_precision: str
) -> str:
    start, end = occurred_from.astimezone(KYIV), occurred_to.astimezone(KYIV)
    if time_precision == TimePrecision.EXACT:
        if start == end:
            return _moment(start)
        if start.date() == end.date():
            return f"{_moment(start)}–{_time(end)}"
        return f"{_moment(start)} – {_moment(end)}"
    if time_precision == TimePrecision.DAY:
        return day_range(start.date(), _last_day(start, end))
    night = _night_of(start, end)
    if night is not None:
        text = gettext("night of %(days)s") % {
            "days": day_range(night, night + dt.timedelta(days=1))
        }
    else:
        text = day_range(start.date(), _last_day(start, end))
    return gettext("%(when)s · approximate") % {"when": text}
