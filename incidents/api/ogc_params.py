"""The query parameters of the OGC API's items: the standard ones (bbox, datetime,
limit) beside the map's own filters, checked together so one answer names every
bad parameter (OGC API – Features – Part 1: Core, §7.15)."""

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext

from incidents.choices import EventType
from incidents.filters import (
    EARLIEST_DAY,
    KYIV,
    LATEST_DAY,
    IncidentFilter,
    IncidentFilterForm,
    whole_number,
)
from incidents.serializers import codebook

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# RFC 3339's date-time, its seconds (and minutes: GDAL sends "…T10Z") optional.
DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}(?::\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?"
)
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
# The exclusive end of an interval closed at a moment: the next instant the
# databases store (both keep microseconds).
ONE_MICROSECOND = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class ItemsRequest:
    filters: IncidentFilter
    limit: int = DEFAULT_LIMIT
    after: int | None = None  # the last id of the page before: keyset paging
    offset: int = 0  # the districts' paging: a few dozen rows


def _moment(text: str, *, end: bool) -> dt.datetime:
    """A date-time (RFC 3339; a local time without offset is Kyiv's) or a date (a
    whole Kyiv day). For the end of an interval, the exclusive bound after it."""
    # RFC 3339 allows "t" and "z"; GDAL's OAPIF driver sends a date compared in a
    # -where as "2025-08-03T".
    text = text.upper().removesuffix("T")
    if DATE_TIME.fullmatch(text):
        moment = parse_datetime(text)
        if moment is None:
            raise ValueError(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=KYIV)
        _within_calendar(moment.date(), text)
        return moment + ONE_MICROSECOND if end else moment
    day = parse_date(text) if FULL_DATE.fullmatch(text) else None
    if day is None:
        raise ValueError(text)
    _within_calendar(day, text)
    if end:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(), KYIV)


def _within_calendar(day: dt.date, text: str) -> None:
    # As the map's days: a year 1 or 9999 overflows once made UTC or a day later.
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(text)


def parse_interval(raw: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """`datetime` as (inclusive start, exclusive end): an instant, or an interval
    `start/end` whose ends may be open ("" or "..")."""
    if "/" not in raw:
        return _moment(raw, end=False), _moment(raw, end=True)
    first, _, last = raw.partition("/")
    if "/" in last:
        raise ValueError(raw)
    start = None if first in ("", "..") else _moment(first, end=False)
    end = None if last in ("", "..") else _moment(last, end=True)
    return start, end


class _PositiveField(forms.CharField):
    def __init__(self, *, name: str, least: int, **kwargs):
        super().__init__(required=False, **kwargs)
        self.name, self.least = name, least

    def clean(self, value):
        raw = (super().clean(value) or "").strip()
        if not raw:
            return None
        number = whole_number(raw)
        if number is None or number < self.least:
            raise forms.ValidationError(
                gettext("%(name)s must be a whole number from %(least)d, not %(raw)r")
                % {"name": self.name, "least": self.least, "raw": raw}
            )
        return number


class ItemsForm(IncidentFilterForm):
    """bbox (four numbers, or six with heights, which are ignored), datetime,
    limit (capped at MAX_LIMIT, as the standard allows), the paging cursor, and
    the map's filters (city, district, event_type, tag, precision, status, q).
    Any other parameter is a 400, as Core §7.15.1 asks: a typo must not return
    everything."""

    datetime = forms.CharField(required=False)
    limit = _PositiveField(name="limit", least=1)
    after = _PositiveField(name="after", least=0)
    offset = _PositiveField(name="offset", least=0)
    f = forms.ChoiceField(required=False, choices=[("json", "json"), ("html", "html")])
    # The map's day range is the datetime parameter here: one way to say it.
    OMITTED = ("from_", "to")

    # Each collection pages one way: the other's cursor would be ignored, and a
    # client paging by it would get the first page again and again.
    PAGING = {"incidents": "after", "districts": "offset"}

    def __init__(self, data=None, *, collection: str = "incidents", **kwargs):
        super().__init__(data, **kwargs)
        self.collection = collection
        for name in self.OMITTED:
            del self.fields[name]
        self.fields["bbox-crs"] = forms.CharField(required=False)
        self.unknown = sorted(
            ("from" if key == "from_" else key)
            for key in (self.data or {})
            if key not in self.fields
        )

    def clean_event_type(self) -> list[str]:
        # The feature's event_type is ACLED's label ("Explosions/Remote violence"),
        # and GDAL turns `-where "event_type = '...'"` into this parameter: the
        # label is taken as well as the slug.
        by_label = {
            label.lower(): value for value, label in codebook(EventType).items()
        }
        self.cleaned_data["event_type"] = [
            by_label.get(value.lower(), value)
            for value in self.cleaned_data["event_type"]
        ]
        return super().clean_event_type()

    def clean_bbox(self):
        raw = self.cleaned_data["bbox"]
        parts = raw.split(",") if raw else []
        if len(parts) == 6:
            # west,south,min height,east,north,max height: incidents are flat.
            for height in (parts[2], parts[5]):
                try:
                    float(height)
                except ValueError:
                    raise forms.ValidationError(
                        gettext("bbox's heights must be numbers, not %(raw)r")
                        % {"raw": height}
                    ) from None
            self.cleaned_data["bbox"] = ",".join(parts[:2] + parts[3:5])
        return super().clean_bbox()

    def clean_datetime(self):
        raw = self.cleaned_data["datetime"].strip()
        if not raw:
            return None, None
        try:
            start, end = parse_interval(raw)
        except ValueError:
            raise forms.ValidationError(
                gettext(
                    "datetime must be an RFC 3339 date-time or date, or an interval "
                    "start/end with '..' for an open end, e.g. "
                    "2025-08-01T00:00:00Z/2025-08-31T23:59:59Z, not %(raw)r"
                )
                % {"raw": raw}
            ) from None
        if start and end and start >= end:
            raise forms.ValidationError(
                gettext("datetime's start is after its end: %(raw)r") % {"raw": raw}
            )
        return start, end

    def clean(self):
        data = super().clean()
        for name in self.unknown:
            # Under its own name, like the known ones (filters.error_json).
            self.errors.setdefault(name, self.error_class()).append(
                gettext("unknown parameter %(name)r (known: %(known)s)")
                % {"name": name, "known": ", ".join(sorted(self.fields))}
            )
        for name in set(self.PAGING.values()) - {self.PAGING[self.collection]}:
            if (self.data or {}).get(name):
                self.add_error(
                    name,
                    gettext(
                        "%(collection)s are paged with %(cursor)r, as the next "
                        "links give it, not %(name)r"
                    )
                    % {
                        "collection": self.collection,
                        "cursor": self.PAGING[self.collection],
                        "name": name,
                    },
                )
        crs = (data.get("bbox-crs") or "").strip()
        if crs and crs != CRS84:
            self.add_error(
                "bbox-crs",
                gettext("only %(crs84)s is supported, not %(crs)r")
                % {"crs84": CRS84, "crs": crs},
            )
        return data

    def to_items(self) -> ItemsRequest:
        start, end = self.cleaned_data.get("datetime") or (None, None)
        filters = dataclasses.replace(self.to_filter(), start=start, end=end)
        limit = self.cleaned_data.get("limit") or DEFAULT_LIMIT
        return ItemsRequest(
            filters=filters,
            limit=min(limit, MAX_LIMIT),
            after=self.cleaned_data.get("after"),
            offset=self.cleaned_data.get("offset") or 0,
        )
