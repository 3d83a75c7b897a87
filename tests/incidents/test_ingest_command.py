from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from incidents.choices import Status
from incidents.models import CasualtyReport, Incident

pytestmark = pytest.mark.django_db

KYIV_REPORT = Path(settings.SEEDS_DIR) / "001_c67a95d22191ea58.txt"
SECOND_REPORT = (
    "Overnight into Thursday Russian drones and missiles hit Kyiv. In the "
    "Darnytskyi district a five-storey block collapsed; at least 19 people were "
    "killed there."
)


@pytest.fixture
def published_strike():
    call_command("ingest_report", str(KYIV_REPORT), "--published", "2025-08-28")
    strike = Incident.objects.get(district__slug="darnytskyi")
    strike.status = Status.PUBLISHED
    strike.save()
    return strike


def test_a_matching_report_is_named_not_merged_without_merge(
    published_strike, tmp_path, capsys
):
    path = tmp_path / "second.txt"
    path.write_text(SECOND_REPORT, encoding="utf-8")
    capsys.readouterr()
    call_command("ingest_report", str(path), "--published", "2025-08-28")
    out = capsys.readouterr().out
    assert f"may report the same strike as #{published_strike.pk}" in out
    assert "1 incidents created, 0 merged" in out
    published_strike.refresh_from_db()
    # The published incident is untouched: one source, its own figure.
    assert published_strike.sources.count() == 1
    assert published_strike.fatalities == 17
    new = Incident.objects.get(district__slug="darnytskyi", status=Status.REVIEW)
    assert new.fatalities == 19


def test_merge_is_explicit(published_strike, tmp_path, capsys):
    path = tmp_path / "second.txt"
    path.write_text(SECOND_REPORT, encoding="utf-8")
    call_command("ingest_report", str(path), "--published", "2025-08-28", "--merge")
    assert "0 incidents created, 1 merged" in capsys.readouterr().out
    published_strike.refresh_from_db()
    assert published_strike.sources.count() == 2
    assert sorted(
        CasualtyReport.objects.filter(incident=published_strike).values_list(
            "fatalities", flat=True
        )
    ) == [17, 19]
