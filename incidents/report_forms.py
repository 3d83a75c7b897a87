"""Forms of the "Add report" page: the report, then one form per proposed incident."""

from django import forms

from incidents.choices import (
    INFRASTRUCTURE_TAGS,
    SUB_EVENT_TYPES_OF,
    WEAPONS,
    EventType,
    SubEventType,
    TimePrecision,
)
from incidents.extraction import ProposedIncident
from incidents.filters import KYIV
from incidents.models import Incident
from incidents.reports import report_text_from_bytes

MAX_UPLOAD = 2 * 1024 * 1024


class ReportForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), required=False)
    file = forms.FileField(required=False, help_text=".txt or .html")
    published = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")
    outlet = forms.CharField(required=False, max_length=200)
    title = forms.CharField(required=False, max_length=500)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(
                    f"{upload.name} is larger than {MAX_UPLOAD // 1024 // 1024} MB"
                )
            try:
                data["text"] = report_text_from_bytes(upload.read(), name=upload.name)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("Paste the report's text or upload a file.")
        return data


_LOCAL = "%Y-%m-%dT%H:%M"


class ProposalForm(forms.Form):
    keep = forms.BooleanField(required=False, initial=True)
    # The incident this proposal reports again, if the analyst merges it.
    merge_into = forms.IntegerField(required=False, widget=forms.Select)
    title = forms.CharField(max_length=300)
    city = forms.ChoiceField(
        required=False, choices=[("", "—"), ("kyiv", "Kyiv"), ("donetsk", "Donetsk")]
    )
    district = forms.SlugField(required=False)
    location_text = forms.CharField(max_length=500, required=False)
    occurred_from = forms.DateTimeField(
        input_formats=[_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    occurred_to = forms.DateTimeField(
        input_formats=[_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    time_precision = forms.ChoiceField(choices=TimePrecision.choices)
    event_type = forms.ChoiceField(choices=EventType.choices)
    sub_event_type = forms.ChoiceField(
        required=False, choices=[("", "—"), *SubEventType.choices]
    )
    weapons = forms.MultipleChoiceField(
        required=False, choices=WEAPONS, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.MultipleChoiceField(
        required=False, choices=INFRASTRUCTURE_TAGS, widget=forms.CheckboxSelectMultiple
    )
    fatalities = forms.IntegerField(required=False, min_value=0)
    injured = forms.IntegerField(required=False, min_value=0)
    evidence = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, candidate=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Create a new incident")]
        if candidate is not None:
            choices.insert(
                0, (candidate.pk, f"Merge into #{candidate.pk}: {candidate}")
            )
        self.fields["merge_into"].widget.choices = choices

    def clean_merge_into(self):
        pk = self.cleaned_data["merge_into"]
        if pk is not None and not Incident.objects.filter(pk=pk).exists():
            raise forms.ValidationError(f"There is no incident #{pk} to merge into.")
        return pk

    def clean(self):
        data = super().clean()
        start, end = data.get("occurred_from"), data.get("occurred_to")
        if start and end and start > end:
            self.add_error("occurred_to", "The end is before the start.")
        sub, kind = data.get("sub_event_type"), data.get("event_type")
        if sub and kind and sub not in SUB_EVENT_TYPES_OF.get(kind, ()):
            self.add_error("sub_event_type", "Not a sub-type of this event type.")
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
