"""Forms of the "Add report" page: the report, then one form per proposed incident."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from geo.cities import CITIES
from geo.models import ui_is_ukrainian
from incidents.choices import (
    INFRASTRUCTURE_TAGS,
    SUB_EVENT_TYPES_OF,
    WEAPONS,
    EventType,
    SubEventType,
    TimePrecision,
    vocabulary_choices,
)
from incidents.extraction import ProposedIncident
from incidents.filters import KYIV
from incidents.models import Incident
from incidents.reports.files import report_text_from_bytes

MAX_UPLOAD = 2 * 1024 * 1024
# A long article is 20,000-50,000 characters; ten times that is no news report.
REPORT_MAX_CHARS = 200_000


def _check_length(text: str) -> None:
    if len(text) > REPORT_MAX_CHARS:
        raise forms.ValidationError(
            gettext(
                "The report is %(length)s characters long; the limit is %(limit)s. "
                "Split it, or keep the part about the strikes."
            )
            % {"length": f"{len(text):,}", "limit": f"{REPORT_MAX_CHARS:,}"}
        )


def _city_choices() -> list[tuple[str, str]]:
    """The cities, named in the UI's language."""
    language = "uk" if ui_is_ukrainian() else "en"
    return [("", "—"), *((city.slug, city.name(language)) for city in CITIES)]


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Report text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_(".txt or .html")
    )
    # An <input type="date"> speaks ISO whatever the UI's language.
    published = forms.DateField(
        label=_("Published on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    url = forms.URLField(
        label=_("URL"), required=False, max_length=1000, assume_scheme="https"
    )
    outlet = forms.CharField(label=_("Outlet"), required=False, max_length=200)
    title = forms.CharField(label=_("Title"), required=False, max_length=500)
    # The inbox's item under review, if the report came from a monitored feed.
    inbox_item = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(
                    gettext("%(name)s is larger than %(size)d MB")
                    % {"name": upload.name, "size": MAX_UPLOAD // 1024 // 1024}
                )
            try:
                data["text"] = report_text_from_bytes(upload.read(), name=upload.name)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        _check_length(data.get("text") or "")
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(
                gettext("Paste the report's text or upload a file.")
            )
        return data


_LOCAL = "%Y-%m-%dT%H:%M"


class ProposalForm(forms.Form):
    keep = forms.BooleanField(label=_("Keep"), required=False, initial=True)
    # The incident this proposal reports again, if the analyst merges it.
    merge_into = forms.IntegerField(
        label=_("Merge"), required=False, widget=forms.Select
    )
    # Two rows wrap the whole title into view; a one-line input cuts it off.
    title = forms.CharField(
        label=_("Title"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    city = forms.ChoiceField(
        label=_("City"),
        required=False,
        choices=_city_choices,
    )
    district = forms.SlugField(label=_("District"), required=False)
    location_text = forms.CharField(
        label=_("Location as reported"), max_length=500, required=False
    )
    occurred_from = forms.DateTimeField(
        label=_("From"),
        input_formats=[_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    occurred_to = forms.DateTimeField(
        label=_("To"),
        input_formats=[_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    time_precision = forms.ChoiceField(
        label=_("Time precision"), choices=TimePrecision.choices
    )
    event_type = forms.ChoiceField(label=_("Event type"), choices=EventType.choices)
    sub_event_type = forms.ChoiceField(
        label=_("Sub-type"), required=False, choices=[("", "—"), *SubEventType.choices]
    )
    # Callables: the choices are built per form, in the request's language. A list
    # box of eleven labels is one control in a compact card; eleven checkboxes are
    # a column.
    weapons = forms.MultipleChoiceField(
        label=_("Weapons"),
        required=False,
        choices=lambda: vocabulary_choices(WEAPONS),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    tags = forms.MultipleChoiceField(
        label=_("Infrastructure"),
        required=False,
        choices=lambda: vocabulary_choices(INFRASTRUCTURE_TAGS),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    fatalities = forms.IntegerField(label=_("Killed"), required=False, min_value=0)
    injured = forms.IntegerField(label=_("Injured"), required=False, min_value=0)
    evidence = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, candidate=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", gettext("Create a new incident"))]
        if candidate is not None:
            choices.insert(
                0,
                (
                    candidate.pk,
                    gettext("Merge into #%(number)s: %(incident)s")
                    % {"number": candidate.pk, "incident": candidate},
                ),
            )
        self.fields["merge_into"].widget.choices = choices

    def clean_merge_into(self):
        pk = self.cleaned_data["merge_into"]
        if pk is not None and not Incident.objects.filter(pk=pk).exists():
            raise forms.ValidationError(
                gettext("There is no incident #%(number)s to merge into.")
                % {"number": pk}
            )
        return pk

    def clean(self):
        data = super().clean()
        start, end = data.get("occurred_from"), data.get("occurred_to")
        if start and end and start > end:
            self.add_error("occurred_to", gettext("The end is before the start."))
        sub, kind = data.get("sub_event_type"), data.get("event_type")
        if sub and kind and sub not in SUB_EVENT_TYPES_OF.get(kind, ()):
            self.add_error(
                "sub_event_type", gettext("Not a sub-type of this event type.")
            )
        return data

    @staticmethod
    def initial_from(proposal) -> dict:
        return {
            "keep": True,
            "title": proposal.title,
            "city": proposal.city or "",
            "district": proposal.district or "",
            "location_text": proposal.location_text,
            "occurred_from": proposal.occurred_from.astimezone(KYIV).strftime(_LOCAL),
            "occurred_to": proposal.occurred_to.astimezone(KYIV).strftime(_LOCAL),
            "time_precision": proposal.time_precision,
            "event_type": proposal.event_type,
            "sub_event_type": proposal.sub_event_type,
            "weapons": proposal.weapons,
            "tags": proposal.tags,
            "fatalities": proposal.fatalities,
            "injured": proposal.injured,
            "evidence": proposal.evidence,
        }

    def reviewed(self) -> ProposedIncident:
        """The proposal as the analyst confirmed or edited it."""
        d = self.cleaned_data
        return ProposedIncident(
            title=d["title"],
            city=d["city"] or None,
            district=d["district"] or None,
            street=None,
            place=None,
            location_text=d["location_text"],
            occurred_from=d["occurred_from"],
            occurred_to=d["occurred_to"],
            time_precision=d["time_precision"],
            event_type=d["event_type"],
            sub_event_type=d["sub_event_type"],
            fatalities=d["fatalities"],
            injured=d["injured"],
            evidence=d["evidence"],
            weapons=d["weapons"],
            tags=d["tags"],
            evidence_spans=[],
        )


ProposalFormSet = forms.formset_factory(ProposalForm, extra=0)
