"""`manage.py import_acled`: ACLED's export (CSV and XLSX) in, the Kyiv and Donetsk
events kept and placed from their notes, idempotent, revisions merged without
overwriting analysts, all or nothing, and the app's own export read back."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from incidents.choices import EventType, GeocodeStatus, Status, SubEventType
from incidents.exports import export_to_file
from incidents.filters import KYIV, IncidentFilter
from incidents.models import AcledEvent, Incident, Source
from incidents.services import incident_save
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db

# ACLED's columns, in the order of its export.
COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,"
    "interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,"
    "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,"
    "timestamp"
).split(",")


def _event(event_id: str, **values) -> dict:
    row = {
        "event_id_cnty": event_id,
        "event_date": "2025-08-28",
        "year": "2025",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of Russia (2000-)",
        "inter1": "8",
        "actor2": "Civilians (Ukraine)",
        "inter2": "7",
        "interaction": "87",
        "civilian_targeting": "Civilian targeting",
        "iso": "804",
        "region": "Europe",
        "country": "Ukraine",
        "admin1": "Kyiv City",
        "admin2": "",
        "admin3": "",
        "location": "Kyiv",
        "latitude": "50.4500",
        "longitude": "30.5233",
        "geo_precision": "1",
        "source": "Ukrainska Pravda; Kyiv Independent",
        "source_scale": "National",
        "notes": "",
        "fatalities": "0",
        "tags": "",
        "timestamp": "1756450000",
    }
    row.update(values)
    return row


EVENTS = [
    _event(
        "UKR200001",
        notes=(
            "On 28 August 2025, Russian forces struck Kyiv city with drones and "
            "missiles. A residential building was destroyed in Darnytskyi district; "
            "23 civilians were killed."
        ),
        fatalities="23",
    ),
    _event(
        "UKR200002",
        event_date="27 August 2025",
        notes=(
            "On 27 August 2025, debris of a downed Russian drone damaged houses in "
            "Podilskyi district of Kyiv city. No casualties were reported."
        ),
    ),
    _event(
        "UKR200003",
        time_precision="2",
        sub_event_type="Shelling/artillery/missile attack",
        admin1="Donetsk",
        admin2="Donetskyi",
        admin3="Donetska",
        location="Donetsk",
        latitude="48.0159",
        longitude="37.8028",
        notes="Around that week, shelling hit Kyivskyi district of Donetsk city.",
        fatalities="2",
    ),
    _event(
        "UKR200004",
        admin1="Kyiv",
        admin2="Buchanskyi",
        location="Bucha",
        latitude="50.5434",
        longitude="30.2122",
        notes="Russian drones hit Bucha.",
    ),
    _event(
        "UKR200005",
        admin1="Kharkiv",
        location="Kharkiv",
        latitude="49.9935",
        longitude="36.2304",
        notes="Russian forces shelled Kharkiv.",
    ),
    _event(
        "UKR200006",
        disorder_type="Demonstrations",
        event_type="Protests",
        sub_event_type="Peaceful protest",
        notes="On 28 August 2025, people protested in Kyiv.",
    ),
]


def _write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(path, *args) -> str:
    out = io.StringIO()
    call_command("import_acled", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def export_file(tmp_path):
    return _write_csv(tmp_path / "acled.csv", EVENTS)


def test_the_kyiv_and_donetsk_events_come_in_placed_from_their_notes(export_file):
    output = _import(export_file)
    assert "read 6 rows: 3 incidents created" in output
    assert "skipped 2 outside Kyiv and Donetsk" in output
    assert "Protests: 1" in output
    by_id = {e.event_id_cnty: e.incident for e in AcledEvent.objects.all()}
    assert set(by_id) == {"UKR200001", "UKR200002", "UKR200003"}

    darnytskyi = by_id["UKR200001"]
    assert darnytskyi.city.slug == "kyiv"
    assert darnytskyi.district.slug == "darnytskyi"
    assert darnytskyi.geocode_status == GeocodeStatus.DONE
    # The centre of Kyiv is ACLED's guess, not a place: no pin is invented.
    assert darnytskyi.point is None
    assert darnytskyi.fatalities == 23
    assert darnytskyi.event_type == EventType.EXPLOSIONS
    assert darnytskyi.sub_event_type == SubEventType.AIR_DRONE_STRIKE
    assert darnytskyi.status == Status.REVIEW
    assert darnytskyi.occurred_from.astimezone(KYIV).date() == dt.date(2025, 8, 28)
    event = darnytskyi.acled_event
    assert (event.latitude, event.longitude, event.geo_precision) == (
        50.45,
        30.5233,
        1,
    )
    source = darnytskyi.sources.get()
    assert source.outlet == "ACLED" and "UKR200001" in source.title
    assert "Ukrainska Pravda; Kyiv Independent" in source.text

    assert by_id["UKR200002"].district.slug == "podilskyi"
    assert by_id["UKR200002"].occurred_from.astimezone(KYIV).date() == dt.date(
        2025, 8, 27
    )
    donetsk = by_id["UKR200003"]
    assert donetsk.city.slug == "donetsk"
    assert donetsk.district.slug == "kyivskyi"
    # Time precision 2: the week around the date.
    assert (donetsk.occurred_to - donetsk.occurred_from).days == 6


def test_the_same_file_again_changes_nothing(export_file):
    _import(export_file)
    history = Incident.history.count()
    sources = Source.objects.count()
    output = _import(export_file)
    assert "0 incidents created, 0 updated, 3 unchanged" in output
    assert Incident.history.count() == history
    assert Source.objects.count() == sources


def test_a_revision_updates_what_no_analyst_changed(export_file, tmp_path):
    _import(export_file)
    edited = AcledEvent.objects.get(event_id_cnty="UKR200002").incident
    edited.fatalities = 1  # an analyst's correction, from another source
    incident_save(incident=edited, changed_fields=["fatalities"])
    revised = [dict(row) for row in EVENTS]
    revised[0]["fatalities"] = "25"
    revised[0]["timestamp"] = "1756550000"
    revised[1]["fatalities"] = "3"
    revised[1]["timestamp"] = "1756550000"
    output = _import(_write_csv(tmp_path / "revised.csv", revised))
    # UKR200002's revision is the analyst's to take: its incident is unchanged.
    assert "0 incidents created, 1 updated, 2 unchanged" in output
    assert "kept analysts' edits over ACLED's revisions (fatalities: 1)" in output
    assert AcledEvent.objects.get(event_id_cnty="UKR200001").incident.fatalities == 25
    edited.refresh_from_db()
    assert edited.fatalities == 1


def test_a_bad_row_stops_the_whole_file_and_says_where(tmp_path):
    rows = [dict(row) for row in EVENTS]
    rows[2]["event_date"] = "28.08.2025x"
    rows[1]["fatalities"] = "many"
    path = _write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(CommandError) as raised:
        _import(path)
    message = str(raised.value)
    assert "2 row(s) cannot be read; nothing was imported" in message
    assert "row 4, column 'event_date'" in message
    assert "row 3, column 'fatalities'" in message
    assert not AcledEvent.objects.exists() and not Incident.objects.exists()


def test_a_malformed_row_elsewhere_does_not_stop_the_cities_events(tmp_path):
    """A whole country's export: the rows that are neither named ours nor placed
    in our cities' boxes are counted, not parsed."""
    rows = [dict(row) for row in EVENTS]
    rows[4]["fatalities"] = "many"  # Kharkiv
    output = _import(_write_csv(tmp_path / "country.csv", rows))
    assert "read 6 rows: 3 incidents created" in output
    assert "skipped 2 outside Kyiv and Donetsk" in output


def test_a_file_that_is_not_acleds_says_what_it_lacks(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("id,date,what\n1,2025-08-28,strike\n")
    with pytest.raises(CommandError, match="the header lacks event_date"):
        _import(path)


def test_xlsx_as_analysts_download_it(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in EVENTS[:3]:
        values = [row.get(c, "") for c in COLUMNS]
        # Excel keeps dates as dates and numbers as numbers.
        values[COLUMNS.index("event_date")] = dt.datetime(2025, 8, 28)  # noqa: DTZ001
        values[COLUMNS.index("fatalities")] = int(row["fatalities"])
        values[COLUMNS.index("latitude")] = float(row["latitude"])
        sheet.append(values)
    path = tmp_path / "acled.xlsx"
    workbook.save(path)
    assert "3 incidents created" in _import(path)
    assert AcledEvent.objects.get(event_id_cnty="UKR200001").incident.fatalities == 23


def test_deleted_events_are_marked_and_listed(export_file, tmp_path, client):
    _import(export_file)
    deleted = tmp_path / "deleted.csv"
    deleted.write_text("event_id_cnty,deleted_timestamp\nUKR200002,1756600000\n")
    output = _import(deleted, "--deleted")
    assert "1 imported events are deleted by ACLED" in output
    assert "UKR200002" in output
    event = AcledEvent.objects.get(event_id_cnty="UKR200002")
    assert event.deleted_at is not None
    assert Incident.objects.filter(pk=event.incident_id).exists()  # never removed
    # The admin lists them for an analyst to decide.
    client.force_login(UserFactory(role="analyst", is_staff=True))
    listed = client.get(
        reverse("admin:incidents_acledevent_changelist"), {"deleted_at__isempty": "0"}
    )
    assert [e.event_id_cnty for e in listed.context["cl"].result_list] == ["UKR200002"]


def test_our_own_export_reads_back(tmp_path, kyiv):
    district = kyiv.districts.get(slug="podilskyi")
    made = [
        IncidentFactory(
            title="Drone debris on Podil",
            district=district,
            location_text="Подільський район",
            fatalities=2,
        ),
        IncidentFactory(title="Strike", event_type=EventType.BATTLES, fatalities=None),
        # Kept from running as a formula in the CSV, and read back as it was.
        IncidentFactory(title="=2+2 drones", notes="-1 house"),
    ]
    path = tmp_path / "ours.csv"
    export_to_file(
        filters=IncidentFilter(), fmt="csv", path=path, base_url="https://a.example"
    )
    Incident.objects.all().delete()
    output = _import(path, "--status", "draft")
    assert "3 incidents created" in output
    back = {i.title: i for i in Incident.objects.all()}
    assert set(back) == {m.title for m in made}
    assert back["Drone debris on Podil"].fatalities == 2
    assert back["Drone debris on Podil"].district == district
    assert back["Strike"].event_type == EventType.BATTLES
    assert back["Strike"].occurred_from == made[1].occurred_from
    assert {i.status for i in back.values()} == {Status.DRAFT}
    assert back["=2+2 drones"].notes == "-1 house"
    assert "0 incidents created, 0 updated, 3 unchanged" in _import(path)


def _revised(*changes: tuple[int, dict]) -> list[dict]:
    rows = [dict(row) for row in EVENTS]
    for index, values in changes:
        rows[index].update(values, timestamp=str(int(rows[index]["timestamp"]) + 1))
    return rows


def test_an_edit_stays_the_analysts_after_acled_came_to_the_same_value(
    export_file, tmp_path
):
    _import(export_file)
    incident = AcledEvent.objects.get(event_id_cnty="UKR200001").incident
    incident.fatalities = 25
    incident_save(incident=incident, changed_fields=["fatalities"])
    _import(_write_csv(tmp_path / "r1.csv", _revised((0, {"fatalities": "25"}))))
    output = _import(
        _write_csv(tmp_path / "r2.csv", _revised((0, {"fatalities": "30"})))
    )
    assert "kept analysts' edits over ACLED's revisions (fatalities: 1)" in output
    incident.refresh_from_db()
    assert incident.fatalities == 25
    assert AcledEvent.objects.get(event_id_cnty="UKR200001").edited_fields == [
        "fatalities"
    ]


def test_a_revision_out_of_the_cities_is_listed_and_the_incident_left(
    export_file, tmp_path
):
    _import(export_file)
    incident = AcledEvent.objects.get(event_id_cnty="UKR200002").incident
    moved = _revised(
        (
            1,
            {
                "admin1": "Kyiv",
                "location": "Brovary",
                "latitude": "50.5110",
                "longitude": "30.7909",
            },
        ),
        (0, {"event_type": "Protests", "sub_event_type": "Peaceful protest"}),
    )
    output = _import(_write_csv(tmp_path / "moved.csv", moved))
    assert "2 imported events are now outside Kyiv and Donetsk" in output
    assert "UKR200002: incident" in output and "UKR200001: incident" in output
    assert Incident.objects.get(pk=incident.pk).district.slug == "podilskyi"
    # Listed once: the same file again is quiet.
    assert "now outside" not in _import(_write_csv(tmp_path / "again.csv", moved))


def test_an_event_acled_knows_only_the_region_of_is_not_the_citys(tmp_path):
    regional = _event(
        "UKR200010",
        admin1="Kyiv",
        location="Kyiv",
        geo_precision="3",
        notes="Russian drones were shot down over Kyiv region.",
    )
    output = _import(_write_csv(tmp_path / "regional.csv", [regional]))
    assert "0 incidents created" in output
    assert "skipped 1 placed by ACLED at a region's capital only" in output


def test_a_file_not_in_utf8_or_not_a_workbook_says_so(tmp_path):
    rows = [dict(EVENTS[0]), dict(EVENTS[1], notes="Кафе café on Podil, Kyiv.")]
    path = _write_csv(tmp_path / "excel.csv", rows)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251", "replace"))
    with pytest.raises(CommandError, match=r"row 3.*not UTF-8 text.*CSV UTF-8"):
        _import(path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CommandError, match="not an Excel workbook that can be read"):
        _import(broken)
    assert not Incident.objects.exists()


def test_dates_with_slashes_are_read_the_way_the_file_writes_them(tmp_path):
    us = [
        dict(EVENTS[0], event_date="03/01/2025"),
        dict(EVENTS[1], event_date="08/27/2025"),  # 27: the day comes second
    ]
    _import(_write_csv(tmp_path / "us.csv", us))
    days = {
        e.event_id_cnty: e.incident.occurred_from.astimezone(KYIV).date()
        for e in AcledEvent.objects.all()
    }
    assert days == {"UKR200001": dt.date(2025, 3, 1), "UKR200002": dt.date(2025, 8, 27)}
    ambiguous = [dict(EVENTS[2], event_date="03/01/2025")]
    with pytest.raises(CommandError, match=r"row 2, column 'event_date'.*ambiguous"):
        _import(_write_csv(tmp_path / "ambiguous.csv", ambiguous))


def test_a_revision_after_an_xlsx_import_and_one_of_no_consequence(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(COLUMNS)
    values = [EVENTS[0].get(c, "") for c in COLUMNS]
    values[COLUMNS.index("event_date")] = dt.datetime(2025, 8, 28)  # noqa: DTZ001
    values[COLUMNS.index("latitude")] = 50.45
    workbook.active.append(values)
    workbook.save(tmp_path / "acled.xlsx")
    _import(tmp_path / "acled.xlsx")
    source = Source.objects.get()
    source.title = "ACLED UKR200001, checked against the city's report"
    source.save()
    # The same event as CSV, an actor added: nothing the map shows changed.
    actor = _revised((0, {"actor2": "Civilians (Ukraine); Police"}))[:1]
    output = _import(_write_csv(tmp_path / "actor.csv", actor))
    assert "0 incidents created, 0 updated, 1 unchanged" in output
    revised = _revised(
        (
            0,
            {
                "actor2": "Civilians (Ukraine); Police",
                "fatalities": "24",
                "source": "Suspilne",
            },
        )
    )[:1]
    output = _import(_write_csv(tmp_path / "revised.csv", revised))
    assert "0 incidents created, 1 updated, 0 unchanged" in output
    assert Incident.objects.get().fatalities == 24
    source.refresh_from_db()
    assert source.title == "ACLED UKR200001, checked against the city's report"
    assert "Suspilne" in source.text


def test_deleted_needs_acleds_list_of_deleted_events(export_file):
    _import(export_file)
    with pytest.raises(CommandError, match="the header lacks deleted_timestamp"):
        _import(export_file, "--deleted")
    assert not AcledEvent.objects.filter(deleted_at__isnull=False).exists()
