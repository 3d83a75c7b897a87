import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.shortcuts import render
from django.urls import reverse

from incidents.models import CasualtyReport, Incident, ReportCityTotal, Source
from incidents.reports.forms import ProposalForm, ProposalFormSet, ReportForm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEEDS = Path(settings.SEEDS_DIR)
KYIV_REPORT = SEEDS / "001_c67a95d22191ea58.txt"


@pytest.fixture
def staff_client(client):
    client.force_login(get_user_model().objects.create_superuser("ed", password="x"))
    return client


def _extract(client, **data):
    return client.post(
        reverse("report-add"),
        {
            "published": "2025-08-28",
            "url": "",
            "outlet": "LN247",
            "title": "",
            **data,
            "action": "extract",
        },
    )


def _save_data(response, **changes) -> dict:
    """What the review form posts back: every hidden and proposal field as shown."""
    data = {"action": "save"}
    form = response.context["form"]
    for name in ("text", "published", "url", "outlet", "title", "inbox_item"):
        data[name] = form[name].value() or ""
    formset = response.context["formset"]
    data.update(
        {
            "p-TOTAL_FORMS": str(len(formset.forms)),
            "p-INITIAL_FORMS": "0",
        }
    )
    for proposal in formset.forms:
        for name in proposal.fields:
            value = proposal[name].value()
            key = f"{proposal.prefix}-{name}"
            if name == "keep":
                if value:
                    data[key] = "on"
            elif isinstance(value, list):
                data[key] = value
            else:
                data[key] = "" if value is None else value
    data.update(changes)
    return data


def test_the_page_is_for_analysts_and_editors(client):
    assert client.get(reverse("report-add")).status_code == 302
    client.force_login(UserFactory(role="viewer"))
    assert client.get(reverse("report-add")).status_code == 403
    client.force_login(UserFactory(role="analyst"))
    assert client.get(reverse("report-add")).status_code == 200


def test_paste_review_with_evidence_and_save(
    staff_client, django_capture_on_commit_callbacks
):
    review = _extract(staff_client, text=KYIV_REPORT.read_text())
    assert review.status_code == 200
    body = review.content.decode()
    assert body.count('<fieldset class="proposal"') == 2
    assert '<mark data-proposals="1"' in body  # the Darnytskyi sentence is highlighted
    # The "at least 21 killed" is the report's total for the city, not an incident.
    assert 'id="city-total-kyiv"' in body
    # Drop the second proposal, correct the first one's injured count.
    data = _save_data(review, **{"p-1-keep": "", "p-0-injured": "9"})
    data.pop("p-1-keep", None)
    with django_capture_on_commit_callbacks() as callbacks:
        saved = staff_client.post(reverse("report-add"), data)
    assert saved.status_code == 302
    assert Incident.objects.count() == 1
    darnytskyi = Incident.objects.get(district__slug="darnytskyi")
    assert (darnytskyi.status, darnytskyi.fatalities, darnytskyi.injured) == (
        "review",
        17,
        9,
    )
    source = darnytskyi.sources.get()
    assert source.outlet == "LN247"
    [total] = source.city_totals.all()
    assert (total.city.slug, total.fatalities, total.injured) == ("kyiv", 21, None)
    assert len(callbacks) == 1  # sent to the geocoder
    # The incident page shows the report's total beside the source, once.
    page = staff_client.get(reverse("incident-page", args=[darnytskyi.pk]))
    assert page.content.decode().count('class="city-total"') == 1
    # The same report again: the review says so, and saving creates nothing.
    again = _extract(staff_client, text=KYIV_REPORT.read_text())
    assert 'id="duplicate"' in again.content.decode()
    staff_client.post(reverse("report-add"), _save_data(again))
    assert Incident.objects.count() == 1
    assert Source.objects.count() == 1
    assert ReportCityTotal.objects.count() == 1


def test_upload_an_html_file(staff_client):
    html = (
        b"<html><body><p>Overnight a drone hit a house in the Obolonskyi district of"
        b" Kyiv. Two people were injured.</p></body></html>"
    )
    review = _extract(
        staff_client,
        file=SimpleUploadedFile("report.html", html, content_type="text/html"),
    )
    assert review.status_code == 200
    assert review.context["formset"].forms[0].initial["district"] == "obolonskyi"


def test_bad_input_says_what_is_wrong(staff_client):
    response = _extract(staff_client, text="   ")
    assert response.status_code == 400
    assert "Paste the report" in response.content.decode()
    response = _extract(staff_client, text="x", published="yesterday")
    assert response.status_code == 400


def test_hostile_report_text_is_escaped(staff_client):
    hostile = (
        "<script>alert(1)</script> A drone hit the Obolonskyi district of Kyiv "
        "overnight."
    )
    body = _extract(staff_client, text=hostile).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_second_report_of_the_same_strike_is_offered_as_a_merge(staff_client):
    call_command("ingest_report", str(KYIV_REPORT), "--published", "2025-08-28")
    other = (
        "Overnight into Thursday Russian drones and missiles hit Kyiv. In the "
        "Darnytskyi district a five-storey block collapsed; at least 19 people "
        "were killed there."
    )
    review = _extract(staff_client, text=other)
    forms = review.context["formset"].forms
    first = Incident.objects.get(district__slug="darnytskyi")
    darnytskyi_form = next(f for f in forms if f.initial["district"] == "darnytskyi")
    assert darnytskyi_form.initial["merge_into"] == first.pk
    staff_client.post(reverse("report-add"), _save_data(review))
    first.refresh_from_db()
    assert first.sources.count() == 2
    assert sorted(
        CasualtyReport.objects.filter(incident=first).values_list(
            "fatalities", flat=True
        )
    ) == [17, 19]
    assert first.fatalities == 17  # the most conservative figure


def test_ingest_report_twice_and_seed_loading(capsys):
    call_command("ingest_report", str(KYIV_REPORT), "--published", "2025-08-28")
    out = capsys.readouterr().out
    assert "2 incidents created" in out
    assert "recorded the report's total for kyiv: killed 21, injured unknown" in out
    call_command("ingest_report", str(KYIV_REPORT), "--published", "2025-08-28")
    assert "Already ingested" in capsys.readouterr().out
    call_command("load_seed_reports")
    assert set(Incident.objects.values_list("city__slug", flat=True)) == {
        "kyiv",
        "donetsk",
    }
    count = Incident.objects.count()
    call_command("load_seed_reports")
    assert Incident.objects.count() == count
    assert Source.objects.count() == 3


def test_ingest_report_errors_are_clear(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("ingest_report", str(KYIV_REPORT), "--published", "yesterday")
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "ingest_report", str(tmp_path / "none.txt"), "--published", "2025-08-28"
        )


def test_an_analyst_is_not_offered_a_merge_and_cannot_force_one(client):
    call_command("ingest_report", str(KYIV_REPORT), "--published", "2025-08-28")
    client.force_login(UserFactory(role="analyst", is_staff=True))
    other = (
        "Overnight into Thursday Russian drones and missiles hit Kyiv. In the "
        "Darnytskyi district a five-storey block collapsed; at least 19 people "
        "were killed there."
    )
    review = _extract(client, text=other)
    forms = review.context["formset"].forms
    assert all(f.initial["merge_into"] is None for f in forms)
    first = Incident.objects.get(district__slug="darnytskyi")
    data = _save_data(review)
    index = next(
        i for i, f in enumerate(forms) if f.initial["district"] == "darnytskyi"
    )
    data[f"p-{index}-merge_into"] = first.pk
    assert client.post(reverse("report-add"), data).status_code == 403
    assert first.sources.count() == 1


def test_a_report_over_the_limit_gets_a_message_that_says_the_limit(staff_client):
    from incidents.reports.forms import REPORT_MAX_CHARS

    huge = "Удар по Дарницькому району Києва. " * (REPORT_MAX_CHARS // 30)
    response = _extract(staff_client, text=huge)
    assert response.status_code == 400
    assert "the limit is 200,000" in response.content.decode()


def test_a_request_too_large_to_read_says_the_limits(staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    response = _extract(staff_client, text="Удар по Києву. " * 20_000)
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 8 MB" in page and "200,000 characters" in page


TWO_DISTRICTS_AND_A_TOTAL = (
    "Russia attacked Kyiv overnight with drones and missiles, killing five people "
    "and injuring 20 across the city. In the Darnytskyi district a high-rise was "
    "hit; two people were killed there. In the Obolonskyi district debris damaged a "
    "school."
)


def test_the_review_cards_carry_colours_sentences_and_the_city_total_warning(
    staff_client,
):
    review = _extract(staff_client, text=TWO_DISTRICTS_AND_A_TOTAL)
    assert review.status_code == 200
    body = review.content.decode()
    # One card and one colour per proposal; the marks in the text carry the same.
    assert 'data-proposal="1" data-tint="1"' in body
    assert 'data-proposal="2" data-tint="2"' in body
    assert '<mark data-proposals="1" data-tint="1" tabindex="0"' in body
    assert '<mark data-proposals="2" data-tint="2" tabindex="0"' in body
    # The Darnytskyi card's killed figure shows its sentence; its injured, none.
    assert (
        '<blockquote class="figure-source" id="id_p-0-fatalities-source">In the '
        "Darnytskyi district a high-rise was hit; two people were killed there."
        "</blockquote>"
    ) in body
    assert body.count('class="help figure-none"') == 3  # 2 x injured, 1 x killed
    # The figures no district accounts for: a warning with its sentence, the
    # sentence marked apart in the text.
    assert '<div class="city-total" id="city-total-kyiv" role="alert">' in body
    assert '<mark class="total-evidence"' in body
    # Weapons and tags are list boxes with their labels.
    assert '<select name="p-0-weapons" size="6"' in body
    assert '<option value="drone" selected>Drone (loitering munition)</option>' in body
    assert '<label for="id_p-0-tags">Infrastructure:</label>' in body


def test_a_figure_without_its_sentence_is_a_warning(rf, admin_user):
    """The extractor gives each figure its sentence; should one come without, the
    card says so rather than show the figure as if it were sourced."""
    from incidents.extraction import extract
    from incidents.reports.views import _cards, _highlighted

    [darnytskyi, _] = extract(
        TWO_DISTRICTS_AND_A_TOTAL, published=dt.date(2025, 8, 28)
    ).incidents
    unsourced = dataclasses.replace(darnytskyi, fatalities_evidence="")
    formset = ProposalFormSet(
        prefix="p", initial=[ProposalForm.initial_from(unsourced)]
    )
    request = rf.get("/reports/add/")
    request.user = admin_user
    body = render(
        request,
        "incidents/report_review.html",
        {
            "form": ReportForm(),
            "formset": formset,
            "cards": _cards(formset.forms, [unsourced]),
            "segments": _highlighted(TWO_DISTRICTS_AND_A_TOTAL, [unsourced]),
        },
    ).content.decode()
    assert body.count('class="warning figure-warning" role="alert"') == 1
    assert "No sentence of the report gives this figure" in body


def test_highlighted_segments_say_whose_evidence_and_which_colour():
    from incidents.extraction import CityTotal
    from incidents.reports.views import TINTS, _highlighted

    class Proposal:
        def __init__(self, *spans):
            self.evidence_spans = list(spans)

    text = "abcdefghij"
    proposals = [Proposal((0, 4)), Proposal((2, 6))] + [Proposal()] * (TINTS - 2)
    proposals.append(Proposal((8, 10)))  # the ninth takes the first colour again
    total = CityTotal(
        city="kyiv", fatalities=5, injured=None, evidence="", evidence_spans=[(5, 7)]
    )
    assert _highlighted(text, proposals, [total]) == [
        {"text": "ab", "labels": "1", "tint": 1, "tint2": None, "total": False},
        {"text": "cd", "labels": "1,2", "tint": 1, "tint2": 2, "total": False},
        {"text": "e", "labels": "2", "tint": 2, "tint2": None, "total": False},
        {"text": "f", "labels": "2", "tint": 2, "tint2": None, "total": True},
        {"text": "g", "labels": "", "tint": None, "tint2": None, "total": True},
        {"text": "h", "labels": "", "tint": None, "tint2": None, "total": False},
        {"text": "ij", "labels": "9", "tint": 1, "tint2": None, "total": False},
    ]


def test_a_rejected_save_keeps_the_cards_and_marks(staff_client):
    review = _extract(staff_client, text=TWO_DISTRICTS_AND_A_TOTAL)
    rejected = staff_client.post(
        reverse("report-add"), _save_data(review, **{"p-0-title": ""})
    )
    assert rejected.status_code == 400
    body = rejected.content.decode()
    assert body.count('<fieldset class="proposal"') == 2
    assert '<mark data-proposals="1"' in body
    assert 'id="city-total-kyiv"' in body
    assert Incident.objects.count() == 0
