"""A report's city-wide total is shown and exported once, beside the incidents,
never as one of them nor in their figures."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]

SEEDS = Path(settings.SEEDS_DIR)


def _seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def _geojson(client, query: str = "") -> dict:
    response = client.get(reverse("incident-export", kwargs={"fmt": "geojson"}) + query)
    assert response.status_code == 200
    return json.loads(b"".join(response))


def test_the_export_carries_each_reports_total_once(client, tmp_path):
    call_command("ingest_report", str(_seed("001")), "--published", "2025-08-28")
    call_command("ingest_report", str(_seed("000")), "--published", "2024-06-13")
    client.force_login(UserFactory(role="analyst"))
    data = _geojson(client)
    [total] = data["city_totals"]
    assert (total["city"], total["fatalities"], total["injured"]) == ("kyiv", 21, None)
    assert "At least 21 people were killed" in total["evidence"]
    # The incidents keep their own figures: 17 in Darnytskyi, not 17 + 21.
    killed = [f["properties"]["fatalities"] or 0 for f in data["features"]]
    assert sum(killed) == 17
    # Filtered to Donetsk, Kyiv's report and its total are out.
    assert _geojson(client, "?city=donetsk")["city_totals"] == []
    # The command's export says the same.
    out = tmp_path / "all.geojson"
    call_command("export_incidents", str(out), "--format", "geojson")
    assert json.loads(out.read_text())["city_totals"] == data["city_totals"]


def test_a_viewer_sees_only_the_totals_of_reports_behind_what_they_see(client):
    call_command("ingest_report", str(_seed("001")), "--published", "2025-08-28")
    client.force_login(UserFactory(role="viewer"))
    # Nothing is published: no incident, and no total either.
    data = _geojson(client)
    assert (data["features"], data["city_totals"]) == ([], [])
