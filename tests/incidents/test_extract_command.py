import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from incidents.models import Incident, Source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]

SEEDS = Path(
    getattr(settings, "SEEDS_DIR", Path(settings.BASE_DIR).parent / "shared" / "seeds")
)


def _seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def _run(*args: str) -> str:
    out = StringIO()
    call_command("extract_report", *args, stdout=out)
    return out.getvalue()


def test_json_dry_run_prints_the_incidents_and_saves_nothing():
    output = _run(str(_seed("000")), "--published", "2024-06-13", "--json", "--dry-run")
    data = json.loads(output)
    assert list(data) == ["incidents", "city_totals"]
    assert data["city_totals"] == []
    incidents = data["incidents"]
    assert len(incidents) == 4
    assert {i["district"] for i in incidents} == {
        "kyivskyi",
        "kuibyshevskyi",
        "kalininskyi",
        "budonnivskyi",
    }
    strike = next(i for i in incidents if i["district"] == "kyivskyi")
    assert strike["street"] == "ул. Артема"
    assert strike["occurred_from"] == "2024-06-12T23:50:00+03:00"
    assert strike["time_precision"] == "exact"
    assert (strike["fatalities"], strike["injured"]) == (0, 0)
    # Cyrillic as it is, not \u escapes: analysts read this.
    assert "ул. Артема" in output
    assert not Incident.objects.exists()
    assert not Source.objects.exists()


def test_html_report_reads_like_its_text(tmp_path):
    text = _seed("001").read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>\n" for line in text.splitlines() if line)
    page = tmp_path / "report.html"
    page.write_text(
        "<html><head><title>x</title><script>var killed = 99;</script></head>"
        f"<body><article>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    from_html = json.loads(_run(str(page), "--published", "2025-08-28", "--json"))
    from_text = json.loads(
        _run(str(_seed("001")), "--published", "2025-08-28", "--json")
    )
    assert from_html == from_text
    assert len(from_html["incidents"]) == 2
    [total] = from_html["city_totals"]
    assert list(total) == ["city", "fatalities", "injured", "evidence"]
    assert (total["city"], total["fatalities"], total["injured"]) == ("kyiv", 21, None)


def test_readable_summary():
    output = _run(str(_seed("002")), "--published", "2025-11-14")
    assert output.startswith("1 incidents proposed from 002_")
    assert "1. Missile and drone strike in Desnianskyi district, Kyiv" in output
    assert "killed:   unknown; injured: unknown" in output
    assert "The report's total for kyiv, beyond its places: killed 1, injured 13." in (
        output
    )
    assert output.rstrip().endswith("Nothing was saved.")
    assert not Incident.objects.exists()


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _run(str(tmp_path / "nowhere.txt"), "--published", "2025-11-14")


@pytest.mark.parametrize("published", ["14.11.2025", "2025-13-01", "yesterday"])
def test_bad_publication_date(published):
    with pytest.raises(CommandError, match="--published .* is not a date"):
        _run(str(_seed("002")), "--published", published, "--json")
