"""The map's filters from the query string: one parser for page, API and export."""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.http import QueryDict
from django.utils.translation import gettext, gettext_lazy

from geo.cities import CITY_SLUGS
from geo.models import District
from incidents.choices import EventType, GeoPrecision, Status
from incidents.models import InfrastructureTag

KYIV = ZoneInfo(settings.TIME_ZONE)

# Far enough back for any archive, and far enough from datetime's limits that a Kyiv
# day turned into UTC, plus the day after "to", stays a valid datetime.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)

SORTS = {
    "date",
    "-date",
    "fatalities",
    "-fatalities",
    "injured",
    "-injured",
    "district",
    "-district",
}
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

# What a search term is made of: letters and digits. Everything else separates
# terms, on both databases (incidents/search.py), so no input is query syntax.
SEARCH_TERM = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class IncidentFilter:
    start: dt.datetime | None = None  # inclusive
    end: dt.datetime | None = None  # exclusive: the day after "to", at midnight
    city: str | None = None
    # Each tuple: any of its values; empty: no condition.
    districts: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    status: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    # Lower-case terms, each the prefix of a word of the incident's text.
    search_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListRequest:
    filters: IncidentFilter
    sort: str = "-date"
    page: int = 1
    page_size: int = PAGE_SIZE


class SlugListField(forms.Field):
    """A repeatable parameter (`district=a&district=b`): the distinct values given."""

    widget = forms.SelectMultiple

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        seen: dict[str, None] = {}
        for item in value:
            item = str(item).strip()
            # PostgreSQL refuses NUL in text: a 400 here, not a 500 in the query.
            ProhibitNullCharactersValidator()(item)
            if item:
                seen[item] = None
        return list(seen)


_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")  # within a 64-bit id


def whole_number(raw: str) -> int | None:
    """raw as a whole number, written in ASCII digits (int() also reads "٣" and
    str.isdigit() passes "²", which int() refuses); None otherwise."""
    return int(raw) if _WHOLE_NUMBER.fullmatch(raw) else None


def _unknown(values, known, what: str, valid=None) -> None:
    unknown = [v for v in values if v not in known]
    if not unknown:
        return
    names = ", ".join(repr(v) for v in unknown)
    if valid:
        raise forms.ValidationError(
            gettext("unknown %(what)s %(names)s (use %(valid)s)")
            % {"what": what, "names": names, "valid": ", ".join(valid)}
        )
    raise forms.ValidationError(
        gettext("unknown %(what)s %(names)s") % {"what": what, "names": names}
    )


class DayField(forms.DateField):
    default_error_messages = {
        "invalid": gettext_lazy("expected a date as YYYY-MM-DD, e.g. 2025-08-28"),
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, input_formats=["%Y-%m-%d"], **kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        if day and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise forms.ValidationError(
                gettext("%(day)s is out of range: use a day from %(first)s to %(last)s")
                % {
                    "day": day.isoformat(),
                    "first": EARLIEST_DAY.isoformat(),
                    "last": LATEST_DAY.isoformat(),
                }
            )
        return day


def _query_dict(data) -> QueryDict:
    """The parameters with repeated values kept, from a QueryDict or a plain dict
    (the export command, the benchmarks), "from" renamed: it is a Python keyword."""
    result = QueryDict(mutable=True)
    pairs = data.lists() if hasattr(data, "lists") else data.items()
    for key, value in pairs:
        values = value if isinstance(value, list | tuple) else [value]
        result.setlist("from_" if key == "from" else key, [str(v) for v in values])
    return result


class IncidentFilterForm(forms.Form):
    from_ = DayField()
    to = DayField()
    city = forms.SlugField(required=False)
    district = SlugListField(required=False)
    # The choices are for the map page's form; the values are checked in clean_*.
    event_type = SlugListField(
        required=False, widget=forms.SelectMultiple(choices=EventType.choices)
    )
    tag = SlugListField(required=False)
    precision = SlugListField(required=False)
    status = forms.CharField(
        required=False,
        widget=forms.Select(choices=[("", gettext_lazy("any")), *Status.choices]),
    )
    bbox = forms.CharField(required=False)
    q = forms.CharField(required=False, max_length=200)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = _query_dict(data)
        super().__init__(data, **kwargs)

    def clean_city(self) -> str:
        city = self.cleaned_data["city"]
        # The gazetteer holds these cities only (geo/cities.py): no query, which
        # every map request would pay.
        if city and city not in CITY_SLUGS:
            raise forms.ValidationError(
                gettext("unknown city %(city)r (use %(cities)s)")
                % {"city": city, "cities": ", ".join(CITY_SLUGS)}
            )
        return city

    def clean_event_type(self) -> list[str]:
        values = self.cleaned_data["event_type"]
        _unknown(values, EventType.values, gettext("event type"), EventType.values)
        return values

    def clean_precision(self) -> list[str]:
        values = self.cleaned_data["precision"]
        _unknown(values, GeoPrecision.values, gettext("precision"), GeoPrecision.values)
        return values

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if status:
            _unknown([status], Status.values, gettext("status"), Status.values)
        return status

    def clean_tag(self) -> list[str]:
        values = self.cleaned_data["tag"]
        if values:
            known = set(
                InfrastructureTag.objects.filter(slug__in=values).values_list(
                    "slug", flat=True
                )
            )
            _unknown(values, known, gettext("infrastructure tag"))
        return values

    def clean_bbox(self) -> tuple[float, float, float, float] | None:
        raw = self.cleaned_data["bbox"]
        if not raw:
            return None
        try:
            west, south, east, north = (float(part) for part in raw.split(","))
        except ValueError:
            raise forms.ValidationError(
                gettext("bbox must be four numbers: west,south,east,north")
            ) from None
        if not (-180 <= west <= 180 and -180 <= east <= 180):
            raise forms.ValidationError(
                gettext("bbox longitudes must be within -180..180")
            )
        if not (-90 <= south <= 90 and -90 <= north <= 90):
            raise forms.ValidationError(
                gettext("bbox latitudes must be within -90..90")
            )
        if west > east or south > north:
            raise forms.ValidationError(
                gettext("bbox must be west,south,east,north with west<=east")
            )
        return west, south, east, north

    def clean_q(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(SEARCH_TERM.findall(self.cleaned_data["q"].lower())))

    def clean(self):
        data = super().clean()
        start, end = data.get("from_"), data.get("to")
        if start and end and start > end:
            self.add_error("to", gettext("'from' is after 'to'"))
        districts, city = data.get("district"), data.get("city")
        if districts:
            found = District.objects.filter(slug__in=districts)
            if city:
                found = found.filter(city__slug=city)
            known = set(found.values_list("slug", flat=True))
            unknown = [d for d in districts if d not in known]
            if unknown and city:
                self.add_error(
                    "district",
                    gettext("unknown district %(names)s in %(city)s")
                    % {"names": ", ".join(map(repr, unknown)), "city": city},
                )
            elif unknown:
                self.add_error(
                    "district",
                    gettext("unknown district %(names)s")
                    % {"names": ", ".join(map(repr, unknown))},
                )
        return data

    def to_filter(self) -> IncidentFilter:
        data = self.cleaned_data
        start = data.get("from_")
        end = data.get("to")
        return IncidentFilter(
            # Days are Kyiv days; the end day is included whole.
            start=dt.datetime.combine(start, dt.time(), KYIV) if start else None,
            end=dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), KYIV)
            if end
            else None,
            city=data.get("city") or None,
            districts=tuple(data.get("district") or ()),
            event_types=tuple(data.get("event_type") or ()),
            tags=tuple(data.get("tag") or ()),
            precisions=tuple(data.get("precision") or ()),
            status=data.get("status") or None,
            bbox=data.get("bbox"),
            search_terms=data.get("q") or (),
        )

    def error_json(self) -> dict:
        return error_json(self)


def error_json(form: forms.Form) -> dict:
    """{"error": "<first>: <message>", "parameters": {name: [messages]}}: every bad
    parameter named at once, by its name in the URL."""
    errors = {
        ("from" if field == "from_" else field): [str(e) for e in messages]
        for field, messages in form.errors.items()
    }
    first = next(iter(errors.items()))
    return {"error": f"{first[0]}: {first[1][0]}", "parameters": errors}


class IncidentListForm(IncidentFilterForm):
    """The filters and the list's own sort and page, checked together so one
    answer names every bad parameter."""

    sort = forms.CharField(required=False)
    page = forms.CharField(required=False)
    page_size = forms.CharField(required=False)

    def clean_sort(self) -> str:
        sort = self.cleaned_data["sort"] or "-date"
        _unknown([sort], SORTS, gettext("sort"), sorted(SORTS))
        return sort

    def _positive(self, name: str, default: int, most: int | None = None) -> int:
        raw = self.cleaned_data[name].strip()
        if not raw:
            return default
        number = whole_number(raw)
        if number is None or number < 1:
            raise forms.ValidationError(
                gettext("%(name)s must be a whole number from 1, not %(raw)r")
                % {"name": name, "raw": raw}
            )
        if most is not None and number > most:
            raise forms.ValidationError(
                gettext("%(name)s must be at most %(most)d")
                % {"name": name, "most": most}
            )
        return number

    def clean_page(self) -> int:
        return self._positive("page", 1)

    def clean_page_size(self) -> int:
        return self._positive("page_size", PAGE_SIZE, MAX_PAGE_SIZE)

    def to_request(self) -> ListRequest:
        return ListRequest(
            filters=self.to_filter(),
            sort=self.cleaned_data["sort"],
            page=self.cleaned_data["page"],
            page_size=self.cleaned_data["page_size"],
        )


# The deepest zoom the clusters are made for (Leaflet's maxZoom is 19).
MAX_ZOOM = 22


class IncidentClusterForm(IncidentFilterForm):
    """The filters, and the zoom and box the clusters are made for (the box is
    required: it bounds the answer)."""

    z = forms.CharField(required=False)

    def clean_z(self) -> int:
        raw = self.cleaned_data["z"].strip()
        zoom = whole_number(raw)
        if zoom is None or zoom > MAX_ZOOM:
            raise forms.ValidationError(
                gettext("z must be a whole zoom level from 0 to %(most)d, not %(raw)r")
                % {"most": MAX_ZOOM, "raw": raw}
            )
        return zoom

    def clean(self):
        data = super().clean()
        if not data.get("bbox") and "bbox" not in self.errors:
            self.add_error("bbox", gettext("bbox is required: west,south,east,north"))
        return data
