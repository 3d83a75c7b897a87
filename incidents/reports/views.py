"""The staff page "Add report": paste or upload, review the proposals, save."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from incidents.access import role_required
from incidents.filters import whole_number
from incidents.imports.feeds import feed_item_report, feed_items_reviewed
from incidents.models import FeedItem
from incidents.reports.forms import ProposalForm, ProposalFormSet, ReportForm
from incidents.reports.services import ReportError, report_ingest, report_propose

# As many as static/css/app.css has [data-tint] colours; the ninth proposal takes the
# first colour again, and its number badge still tells it apart.
TINTS = 8


def _tint(number: int) -> int:
    return (number - 1) % TINTS + 1


def _highlighted(text: str, proposals, city_totals=()) -> list[dict]:
    """The report cut into plain and evidence segments, for the template to escape:
    each segment says which proposals (by number) and whether a city-wide total
    it is evidence for, and the colours of the first two of them."""
    marks: dict[int, set[int]] = {}
    for number, proposal in enumerate(proposals, start=1):
        for start, end in proposal.evidence_spans:
            for offset in range(start, end):
                marks.setdefault(offset, set()).add(number)
    totals = {
        offset
        for total in city_totals
        for start, end in total.evidence_spans
        for offset in range(start, end)
    }
    segments: list[dict] = []
    for offset, char in enumerate(text):
        numbers = sorted(marks.get(offset, ()))
        labels = ",".join(str(n) for n in numbers)
        total = offset in totals
        if segments and (segments[-1]["labels"], segments[-1]["total"]) == (
            labels,
            total,
        ):
            segments[-1]["text"] += char
        else:
            segments.append(
                {
                    "text": char,
                    "labels": labels,
                    "tint": _tint(numbers[0]) if numbers else None,
                    # Evidence of two proposals is striped in both their colours.
                    "tint2": _tint(numbers[1]) if len(numbers) > 1 else None,
                    "total": total,
                }
            )
    return segments


def _cards(forms, proposals) -> list[dict]:
    """Each proposal's form with its number, colour and the sentence of each figure
    (none where the posted forms outnumber what the text proposes)."""
    return [
        {
            "form": form,
            "number": number,
            "tint": _tint(number),
            "proposal": proposals[number - 1] if number <= len(proposals) else None,
        }
        for number, form in enumerate(forms, start=1)
    ]


def _proposal_formset(candidates: list, **kwargs):
    """The formset, each form offered its own merge candidate."""

    class Formset(ProposalFormSet):
        def get_form_kwargs(self, index):
            return {
                **super().get_form_kwargs(index),
                "candidate": candidates[index] if index < len(candidates) else None,
            }

    return Formset(**kwargs)


def _inbox_item(raw: str | None) -> FeedItem | None:
    if not raw or whole_number(raw) is None:
        return None
    return FeedItem.objects.select_related("feed").filter(pk=int(raw)).first()


@role_required(permission="incidents.add_report")
def report_add(request):
    if request.method != "POST":
        item = _inbox_item(request.GET.get("item"))
        if item is None:
            return render(request, "incidents/report_add.html", {"form": ReportForm()})
        # From the inbox: the article as the feed brought it, its proposals shown.
        form = ReportForm(data=feed_item_report(item))
    else:
        form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "incidents/report_add.html", {"form": form}, status=400)
    report = form.cleaned_data
    proposal = report_propose(
        text=report["text"], published=report["published"], url=report["url"]
    )
    if request.method == "POST" and request.POST.get("action") == "save":
        return _save(request, form, report, proposal)
    return _review(request, form, report, proposal)


def _review(request, form, report, proposal):
    proposals, candidates = proposal.incidents, proposal.candidates
    # Merging changes a stored incident's sources and figures: an editor's decision.
    may_merge = request.user.has_perm("incidents.merge_incident")
    formset = _proposal_formset(
        candidates,
        prefix="p",
        initial=[
            {
                **ProposalForm.initial_from(p),
                "merge_into": c.pk if c and may_merge else None,
            }
            for p, c in zip(proposals, candidates, strict=True)
        ],
    )
    return render(
        request,
        "incidents/report_review.html",
        {
            "form": form,
            "formset": formset,
            "cards": _cards(formset.forms, proposals),
            "segments": _highlighted(report["text"], proposals, proposal.city_totals),
            "duplicate": proposal.duplicate,
            "city_totals": proposal.city_totals,
        },
    )


def _save(request, form, report, proposal):
    formset = ProposalFormSet(data=request.POST, prefix="p")
    if not formset.is_valid():
        return render(
            request,
            "incidents/report_review.html",
            {
                "form": form,
                "formset": formset,
                "cards": _cards(formset.forms, proposal.incidents),
                "segments": _highlighted(
                    report["text"], proposal.incidents, proposal.city_totals
                ),
                "city_totals": proposal.city_totals,
            },
            status=400,
        )
    kept = [f for f in formset.forms if f.cleaned_data.get("keep")]
    merges = {
        index: f.cleaned_data["merge_into"]
        for index, f in enumerate(kept)
        if f.cleaned_data.get("merge_into")
    }
    if merges and not request.user.has_perm("incidents.merge_incident"):
        raise PermissionDenied(gettext("Only an editor may merge into an incident."))
    try:
        result = report_ingest(
            text=report["text"],
            published=report["published"],
            proposals=[f.reviewed() for f in kept],
            url=report["url"],
            outlet=report["outlet"],
            title=report["title"],
            merges=merges,
            user=request.user,
            # Read again from the same text: the page does not edit them.
            city_totals=proposal.city_totals,
        )
    except ReportError as exc:
        messages.error(request, str(exc))
        return render(request, "incidents/report_add.html", {"form": form}, status=400)
    # The inbox's item this report came from, if any, is reviewed now.
    feed_items_reviewed(source=result.source, item_id=report["inbox_item"])
    if result.duplicate:
        messages.warning(
            request,
            gettext(
                "This report was already ingested (source %(number)s); "
                "nothing was created."
            )
            % {"number": result.source.pk},
        )
    else:
        # Two sentences, so each number agrees with its own noun in Ukrainian.
        created = ngettext(
            "%(count)d incident created in review.",
            "%(count)d incidents created in review.",
            len(result.created),
        ) % {"count": len(result.created)}
        merged = ngettext(
            "%(count)d merged into an existing incident.",
            "%(count)d merged into existing incidents.",
            len(result.merged),
        ) % {"count": len(result.merged)}
        messages.success(
            request,
            f"{created} {merged} {gettext('They are being geocoded.')}",
        )
    return redirect(
        reverse("admin:incidents_incident_changelist")
        + f"?sources__id__exact={result.source.pk}"
    )
