import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from incidents.choices import EventType, Status, SubEventType, TimePrecision
from incidents.extraction import ProposedIncident
from incidents.models import CasualtyReport, Incident, Source
from incidents.reports.files import html_to_text, report_text_from_bytes
from incidents.reports.services import (
    ReportError,
    incident_merge_candidate,
    report_ingest,
    report_text_hash,
)

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")
NIGHT = dt.datetime(2025, 8, 28, 1, 0, tzinfo=KYIV)
TEXT = (
    "Overnight, a drone hit a block of flats in Darnytskyi district of Kyiv. Two died."
)


def _proposal(**changes) -> ProposedIncident:
    fields = {
        "title": "Drone strike in Darnytskyi district",
        "city": "kyiv",
        "district": "darnytskyi",
        "street": None,
        "place": None,
        "evidence_spans": [],
        "location_text": "Darnytskyi district of Kyiv",
        "occurred_from": NIGHT,
        "occurred_to": NIGHT + dt.timedelta(hours=5),
        "time_precision": TimePrecision.APPROXIMATE,
        "event_type": EventType.EXPLOSIONS,
        "sub_event_type": SubEventType.AIR_DRONE_STRIKE,
        "fatalities": 2,
        "injured": None,
        "evidence": "Overnight, a drone hit a block of flats in Darnytskyi district.",
        "weapons": ["drone"],
        "tags": ["residential"],
    }
    return ProposedIncident(**{**fields, **changes})


def _ingest(text=TEXT, url="https://news.example.org/1", **kwargs):
    kwargs.setdefault("proposals", [_proposal()])
    return report_ingest(
        text=text, published=dt.date(2025, 8, 28), url=url, outlet="Example", **kwargs
    )


def test_a_report_becomes_a_source_and_incidents_in_review(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        result = _ingest()
    assert not result.duplicate
    (incident,) = result.created
    assert incident.status == Status.REVIEW
    assert incident.district.slug == "darnytskyi"
    assert list(incident.sources.all()) == [result.source]
    assert {w.slug for w in incident.weapons.all()} == {"drone"}
    assert {t.slug for t in incident.tags.all()} == {"residential"}
    assert incident.geocode_status == "pending"
    assert len(callbacks) == 1  # geocoding is enqueued once the data is committed
    assert result.source.title == TEXT
    assert result.source.published_at.date() == dt.date(2025, 8, 28)
    report = CasualtyReport.objects.get(incident=incident)
    assert (report.source, report.fatalities, report.injured) == (
        result.source,
        2,
        None,
    )


def test_the_same_report_twice_creates_nothing():
    _ingest()
    again_by_url = _ingest(text="other words entirely")
    again_by_text = _ingest(text=f"  {TEXT.upper()}\n", url="")
    assert again_by_url.duplicate and again_by_text.duplicate
    assert Source.objects.count() == 1
    assert Incident.objects.count() == 1


def test_a_second_report_of_the_same_strike_is_a_merge_candidate_and_merges():
    first = _ingest().created[0]
    second = _proposal(
        fatalities=3,
        injured=5,
        occurred_from=NIGHT + dt.timedelta(hours=2),
        occurred_to=NIGHT + dt.timedelta(hours=2),
        tags=["energy"],
    )
    assert incident_merge_candidate(proposal=second) == first
    result = _ingest(
        text="Another outlet: three killed in Darnytskyi.",
        url="https://other.example.org/2",
        proposals=[second],
        merges={0: first.pk},
    )
    assert result.created == []
    merged = Incident.objects.get(pk=first.pk)
    assert merged.sources.count() == 2
    # Conflicting figures are kept per source; the incident shows the lowest.
    figures = dict(
        CasualtyReport.objects.filter(incident=merged).values_list(
            "source__url", "fatalities"
        )
    )
    assert figures == {
        "https://news.example.org/1": 2,
        "https://other.example.org/2": 3,
    }
    assert merged.fatalities == 2
    assert merged.injured == 5  # the first report gave no figure
    assert {t.slug for t in merged.tags.all()} == {"residential", "energy"}


@pytest.mark.parametrize(
    "changes",
    [
        {"district": "obolonskyi"},
        {
            "occurred_from": NIGHT + dt.timedelta(days=2),
            "occurred_to": NIGHT + dt.timedelta(days=2),
        },
        {"event_type": EventType.STRATEGIC, "sub_event_type": SubEventType.OTHER},
        {"city": "donetsk", "district": "kyivskyi"},
        {"district": None},
    ],
)
def test_other_strikes_are_not_merge_candidates(changes):
    _ingest()
    assert incident_merge_candidate(proposal=_proposal(**changes)) is None


def test_an_empty_report_is_refused():
    with pytest.raises(ReportError, match="no text"):
        _ingest(text="   ", proposals=[])


def test_text_hash_ignores_white_space_and_case():
    assert report_text_hash("A  b\nC") == report_text_hash("a b c ")
    assert report_text_hash("a b c") != report_text_hash("a b d")


def test_html_reports_become_text():
    html = (
        "<html><head><title>x</title><script>alert(1)</script></head><body>"
        "<h1>Strike on Kyiv</h1><p>A drone hit &amp; damaged a house.</p></body></html>"
    )
    assert html_to_text(html) == "Strike on Kyiv\nA drone hit & damaged a house."
    with pytest.raises(ValueError, match="not UTF-8"):
        report_text_from_bytes(b"\xff\xfe\x00bad", name="report.txt")
