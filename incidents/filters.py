"""The map's filters from the query string: one parser for page, API and export."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from geo.models import City, District
from incidents.choices import EventType, Status
from incidents.models import InfrastructureTag

KYIV = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class IncidentFilter:
    start: dt.datetime | None = None  # inclusive
    end: dt.datetime | None = None  # exclusive: the day after "to", at midnight
    city: str | None = None
    district: str | None = None
    event_type: str | None = None
    tag: str | None = None
    status: str | None = None
    bbox: tuple[float, float, float, float] | None = None


class IncidentFilterForm(forms.Form):
    # "from" is a Python keyword; the form maps it in __init__.
    from_ = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    city = forms.SlugField(required=False)
    district = forms.SlugField(required=False)
    event_type = forms.ChoiceField(
        required=False, choices=[("", "any"), *EventType.choices]
    )
    tag = forms.SlugField(required=False)
    status = forms.ChoiceField(required=False, choices=[("", "any"), *Status.choices])
    bbox = forms.CharField(required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = {
                ("from_" if key == "from" else key): value
                for key, value in data.items()
            }
        super().__init__(data, **kwargs)

    def clean_city(self) -> str:
        city = self.cleaned_data["city"]
        if city and not City.objects.filter(slug=city).exists():
            raise forms.ValidationError(f"unknown city {city!r} (use kyiv or donetsk)")
        return city

    def clean_tag(self) -> str:
        tag = self.cleaned_data["tag"]
        if tag and not InfrastructureTag.objects.filter(slug=tag).exists():
            raise forms.ValidationError(f"unknown infrastructure tag {tag!r}")
        return tag

    def clean_bbox(self) -> tuple[float, float, float, float] | None:
        raw = self.cleaned_data["bbox"]
        if not raw:
            return None
        try:
            west, south, east, north = (float(part) for part in raw.split(","))
        except ValueError:
            raise forms.ValidationError(
                "bbox must be four numbers: west,south,east,north"
            ) from None
        if not (-180 <= west <= 180 and -180 <= east <= 180):
            raise forms.ValidationError("bbox longitudes must be within -180..180")
        if not (-90 <= south <= 90 and -90 <= north <= 90):
            raise forms.ValidationError("bbox latitudes must be within -90..90")
        if west > east or south > north:
            raise forms.ValidationError(
                "bbox must be west,south,east,north with west<=east"
            )
        return west, south, east, north

    def clean(self):
        data = super().clean()
        start, end = data.get("from_"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "'from' is after 'to'")
        district, city = data.get("district"), data.get("city")
        if district:
            districts = District.objects.filter(slug=district)
            if city:
                districts = districts.filter(city__slug=city)
            if not districts.exists():
                self.add_error("district", f"unknown district {district!r}")
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
            district=data.get("district") or None,
            event_type=data.get("event_type") or None,
            tag=data.get("tag") or None,
            status=data.get("status") or None,
            bbox=data.get("bbox"),
        )

    def error_json(self) -> dict:
        errors = {
            ("from" if field == "from_" else field): [str(e) for e in messages]
            for field, messages in self.errors.items()
        }
        first = next(iter(errors.items()))
        return {"error": f"{first[0]}: {first[1][0]}", "parameters": errors}
