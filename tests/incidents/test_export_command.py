import geopandas as gpd
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from incidents import exports
from incidents.models import Incident
from incidents.synthetic import incidents_seed_synthetic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv"])
def test_export_command_round_trip(tmp_path, monkeypatch, fmt):
    incidents_seed_synthetic(count=300, seed=3, days=30)
    # GeoPackages are written in chunks: make this one take several, with the
    # command's progress bar on.
    monkeypatch.setattr(exports, "CHUNK", 7)
    out = tmp_path / f"incidents.{fmt}"
    call_command(
        "export_incidents", str(out), "--format", fmt, "--district", "podilskyi"
    )
    expected = Incident.objects.filter(district__slug="podilskyi")
    frame = pd.read_csv(out) if fmt == "csv" else gpd.read_file(out)
    assert sorted(frame["event_id"]) == sorted(expected.values_list("pk", flat=True))
    by_id = frame.set_index("event_id")
    for incident in expected:
        row = by_id.loc[incident.pk]
        assert row["district"] == "podilskyi"
        if incident.fatalities is None:
            assert pd.isna(row["fatalities"])
        else:
            assert row["fatalities"] == incident.fatalities
        if fmt != "csv":
            if incident.point is None:
                assert row.geometry is None
            else:
                assert row.geometry.x == pytest.approx(incident.point.x)


def test_export_command_refuses_bad_filters(tmp_path):
    with pytest.raises(CommandError, match="bbox"):
        call_command(
            "export_incidents",
            str(tmp_path / "x.csv"),
            "--format",
            "csv",
            "--bbox",
            "1,2",
        )
