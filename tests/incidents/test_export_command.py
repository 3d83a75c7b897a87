import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from django.core.management import CommandError, call_command

from incidents import exports
from incidents.models import Incident
from incidents.synthetic import incidents_seed_synthetic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv", "xlsx"])
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
    readers = {"csv": pd.read_csv, "xlsx": pd.read_excel}
    frame = readers.get(fmt, gpd.read_file)(out)
    assert sorted(frame["event_id"]) == sorted(expected.values_list("pk", flat=True))
    by_id = frame.set_index("event_id")
    for incident in expected:
        row = by_id.loc[incident.pk]
        assert row["district"] == "podilskyi"
        if incident.fatalities is None:
            assert pd.isna(row["fatalities"])
        else:
            assert row["fatalities"] == incident.fatalities
        if fmt in ("geojson", "gpkg"):
            if incident.point is None:
                assert row.geometry is None
            else:
                assert row.geometry.x == pytest.approx(incident.point.x)


def test_export_command_permalinks_and_repeated_filters(tmp_path, settings):
    incidents_seed_synthetic(count=120, seed=5, days=30)
    out = tmp_path / "incidents.csv"
    wanted = ["podilskyi", "obolonskyi"]
    call_command(
        "export_incidents",
        str(out),
        "--format",
        "csv",
        "--district",
        wanted[0],
        "--district",
        wanted[1],
        "--base-url",
        "https://incidents.example.org/",
        "--no-progress",
    )
    frame = pd.read_csv(out)
    expected = Incident.objects.filter(district__slug__in=wanted)
    assert sorted(frame["event_id"]) == sorted(expected.values_list("pk", flat=True))
    assert set(frame["district"]) == set(wanted)
    assert list(frame["permalink"]) == [
        f"https://incidents.example.org/incidents/{pk}/" for pk in frame["event_id"]
    ]
    # Without the option: the SITE_URL setting.
    geojson = tmp_path / "incidents.geojson"
    call_command(
        "export_incidents",
        str(geojson),
        "--format",
        "geojson",
        "--district",
        "podilskyi",
        "--no-progress",
    )
    frame = gpd.read_file(geojson)
    assert all(
        link == f"{settings.SITE_URL}/incidents/{pk}/"
        for pk, link in zip(frame["event_id"], frame["permalink"], strict=True)
    )


def test_export_command_refuses_a_relative_base_url(tmp_path):
    with pytest.raises(CommandError, match="--base-url"):
        call_command(
            "export_incidents",
            str(tmp_path / "x.csv"),
            "--format",
            "csv",
            "--base-url",
            "incidents.example.org",
        )


def test_export_command_names_every_bad_filter(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command(
            "export_incidents",
            str(tmp_path / "x.csv"),
            "--format",
            "csv",
            "--to",
            "9999-12-31",
            "--district",
            "atlantis",
            "--event-type",
            "rumour",
        )
    message = str(error.value)
    assert "--to:" in message
    assert "'atlantis'" in message
    assert "--event-type:" in message


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


def test_a_geopackage_of_nothing_is_an_empty_layer_of_points(tmp_path):
    out = tmp_path / "none.gpkg"
    call_command("export_incidents", str(out), "--format", "gpkg", "--no-progress")
    info = pyogrio.read_info(out, layer="incidents")
    assert info["features"] == 0
    assert info["geometry_type"] == "Point"
    assert info["crs"] == "EPSG:4326"
    assert "event_id" in list(info["fields"])
