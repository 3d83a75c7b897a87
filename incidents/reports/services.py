"""News reports: what a report proposes (report_propose, read by the Add report page,
ingest_report and load_seed_reports alike), and the writes: a report becomes a
source, incidents and its city-wide totals, or merges into the incidents it reports
again. Nothing here parses text; see incidents.extraction."""

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from geo.models import City, District
from incidents.choices import GeocodeStatus, Status
from incidents.extraction import CityTotal, ProposedIncident, extract
from incidents.filters import KYIV
from incidents.generation import data_lock
from incidents.history import incident_history_entry
from incidents.models import (
    CasualtyReport,
    Incident,
    InfrastructureTag,
    ReportCityTotal,
    Source,
    Weapon,
)
from incidents.services import incident_save


class ReportError(ValueError):
    pass


@dataclass
class IngestResult:
    source: Source
    duplicate: bool = False
    created: list[Incident] = field(default_factory=list)
    merged: list[Incident] = field(default_factory=list)
    # The proposal's index -> the incident created from it.
    created_from: dict[int, Incident] = field(default_factory=dict)


@dataclass
class ReportProposal:
    """What a report proposes, before an analyst confirms any of it."""

    incidents: list[ProposedIncident]
    city_totals: list[CityTotal]
    # Per proposal, a stored incident that is probably the same strike, or None.
    candidates: list[Incident | None]
    duplicate: Source | None  # the report, if it is stored already


def report_propose(*, text: str, published: dt.date, url: str = "") -> ReportProposal:
    extraction = extract(text, published=published)
    return ReportProposal(
        incidents=extraction.incidents,
        city_totals=extraction.city_totals,
        candidates=[incident_merge_candidate(proposal=p) for p in extraction.incidents],
        duplicate=report_find_duplicate(text=text, url=url),
    )


def report_text_hash(text: str) -> str:
    """The same report with other white space or case is the same report."""
    normalised = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def report_find_duplicate(*, text: str, url: str = "") -> Source | None:
    query = Q(text_hash=report_text_hash(text))
    if url:
        query |= Q(url=url)
    return Source.objects.filter(query).first()


def incident_merge_candidate(*, proposal) -> Incident | None:
    """An incident that is probably the same strike: same city and district (or
    both city-level), overlapping time, same event type."""
    if not proposal.city:
        return None
    candidates = Incident.objects.filter(
        city__slug=proposal.city,
        event_type=proposal.event_type,
        occurred_from__lte=proposal.occurred_to,
        occurred_to__gte=proposal.occurred_from,
    ).exclude(status=Status.ARCHIVED)
    if proposal.district:
        candidates = candidates.filter(district__slug=proposal.district)
    else:
        candidates = candidates.filter(district__isnull=True)
    return candidates.order_by("occurred_from", "pk").first()


def _conservative(current: int | None, reported: int | None) -> int | None:
    if current is None:
        return reported
    if reported is None:
        return current
    return min(current, reported)


def _set_vocabularies(incident: Incident, proposal) -> None:
    incident.weapons.add(*Weapon.objects.filter(slug__in=proposal.weapons))
    incident.tags.add(*InfrastructureTag.objects.filter(slug__in=proposal.tags))


def _incident_from_proposal(proposal, *, source: Source, user) -> Incident:
    city = City.objects.filter(slug=proposal.city).first() if proposal.city else None
    district = (
        District.objects.filter(city=city, slug=proposal.district).first()
        if city and proposal.district
        else None
    )
    incident = Incident(
        title=proposal.title[:300],
        evidence=proposal.evidence,
        occurred_from=proposal.occurred_from,
        occurred_to=proposal.occurred_to,
        time_precision=proposal.time_precision,
        event_type=proposal.event_type,
        sub_event_type=proposal.sub_event_type,
        fatalities=proposal.fatalities,
        injured=proposal.injured,
        location_text=proposal.location_text[:500],
        city=city,
        district=district,
        status=Status.REVIEW,
        geocode_status=GeocodeStatus.PENDING,
    )
    incident_save(
        incident=incident,
        changed_fields=[],
        user=user,
        m2m={
            "sources": [source],
            "weapons": Weapon.objects.filter(slug__in=proposal.weapons),
            "tags": InfrastructureTag.objects.filter(slug__in=proposal.tags),
        },
        reason=gettext("From report: %(title)s") % {"title": source.title},
    )
    CasualtyReport.objects.create(
        incident=incident,
        source=source,
        fatalities=proposal.fatalities,
        injured=proposal.injured,
        evidence=proposal.evidence,
    )
    return incident


def incident_merge_report(
    *,
    incident: Incident,
    source: Source,
    proposal,
    user: AbstractBaseUser | None = None,
) -> Incident:
    """Add a second report of the same strike: both sources stay, each source's
    figures are kept, and the incident shows the most conservative ones."""
    data_lock()  # before the incident's row (incidents/generation.py)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    with incident_history_entry(
        incident,
        user=user,
        # Which source, and what it says: the figures the incident now weighs.
        reason=gettext(
            "Merged report: %(title)s (it reports killed: %(killed)s, injured: "
            "%(injured)s)"
        )
        % {
            "title": source.title,
            "killed": _figure(proposal.fatalities),
            "injured": _figure(proposal.injured),
        },
    ):
        _merge_into(incident, source=source, proposal=proposal)
    return incident


def _figure(value: int | None) -> str:
    return gettext("unknown") if value is None else str(value)


def _merge_into(incident: Incident, *, source: Source, proposal) -> None:
    incident.sources.add(source)
    _set_vocabularies(incident, proposal)
    CasualtyReport.objects.update_or_create(
        incident=incident,
        source=source,
        defaults={
            "fatalities": proposal.fatalities,
            "injured": proposal.injured,
            "evidence": proposal.evidence,
        },
    )
    incident.fatalities = _conservative(incident.fatalities, proposal.fatalities)
    incident.injured = _conservative(incident.injured, proposal.injured)
    if proposal.evidence and proposal.evidence not in incident.evidence:
        incident.evidence = f"{incident.evidence}\n\n{proposal.evidence}".strip()
    incident.save(update_fields=["fatalities", "injured", "evidence", "updated_at"])


@transaction.atomic
def report_ingest(
    *,
    text: str,
    published: dt.date,
    proposals: Sequence,
    url: str = "",
    outlet: str = "",
    title: str = "",
    merges: dict[int, int] | None = None,
    user: AbstractBaseUser | None = None,
    city_totals: Sequence[CityTotal] = (),
) -> IngestResult:
    """Store a report, the incidents an analyst confirmed from it and the city-wide
    totals it gives (ReportCityTotal).

    `merges` maps a proposal's index to the incident it reports again. A report
    already stored (same URL or same text) creates nothing.
    """
    if not text.strip():
        raise ReportError("The report has no text.")
    duplicate = report_find_duplicate(text=text, url=url)
    if duplicate is not None:
        return IngestResult(source=duplicate, duplicate=True)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    source = Source(
        url=url or None,
        outlet=outlet,
        title=(title or lines[0])[:500],
        published_at=dt.datetime.combine(published, dt.time(), KYIV),
        text=text,
        text_hash=report_text_hash(text),
    )
    source.full_clean()
    source.save()
    for total in city_totals:
        ReportCityTotal.objects.create(
            source=source,
            city=City.objects.get(slug=total.city),
            fatalities=total.fatalities,
            injured=total.injured,
            evidence=total.evidence,
        )
    result = IngestResult(source=source)
    for index, proposal in enumerate(proposals):
        target = (merges or {}).get(index)
        if target:
            incident = Incident.objects.get(pk=target)
            result.merged.append(
                incident_merge_report(
                    incident=incident, source=source, proposal=proposal, user=user
                )
            )
        else:
            incident = _incident_from_proposal(proposal, source=source, user=user)
            result.created.append(incident)
            result.created_from[index] = incident
    return result
