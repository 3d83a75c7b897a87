import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.urls import reverse

from geo.models import City
from incidents.choices import GeocodeStatus, GeoPrecision
from incidents.geocoding import incident_geocode, incident_geocode_fail
from incidents.models import Incident
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "district", "precision", "has_point"),
    [
        ("Darnytskyi district, Kyiv", "darnytskyi", GeoPrecision.DISTRICT, False),
        ("near Lisova metro", "desnianskyi", GeoPrecision.PLACE, True),
        ("у Голосіївському районі", "holosiivskyi", GeoPrecision.DISTRICT, False),
    ],
)
def test_geocoding_stores_result_and_why(text, district, precision, has_point):
    incident = IncidentFactory(location_text=text, geocode_status=GeocodeStatus.PENDING)
    incident_geocode(incident_id=incident.pk)
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.DONE
    assert incident.district.slug == district
    assert incident.geo_precision == precision
    assert (incident.point is not None) == has_point
    assert incident.geocode_method.startswith("gazetteer")
    assert incident.geocode_message.startswith("Matched")
    assert isinstance(incident.geocode_candidates, list)


def test_manual_and_done_incidents_are_left_alone():
    point = Point(30.5234, 50.4501, srid=4326)
    manual = IncidentFactory(
        location_text="Darnytskyi district, Kyiv",
        point=point,
        geocode_status=GeocodeStatus.MANUAL,
    )
    incident_geocode(incident_id=manual.pk)
    manual.refresh_from_db()
    assert manual.point.equals_exact(point, 1e-9)
    assert manual.district is None
    assert incident_geocode(incident_id=10**9) is None


def test_nothing_to_match_fails_with_a_reason():
    incident = IncidentFactory(location_text="the front line", geocode_status="pending")
    incident_geocode(incident_id=incident.pk)
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.FAILED
    assert "'the front line'" in incident.geocode_message
    empty = IncidentFactory(location_text="", geocode_status="pending")
    incident_geocode(incident_id=empty.pk)
    empty.refresh_from_db()
    assert "no location text" in empty.geocode_message


def test_last_retry_marks_failed():
    incident = IncidentFactory(geocode_status=GeocodeStatus.PENDING)
    incident_geocode_fail(incident_id=incident.pk, reason="database unreachable")
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.FAILED
    assert incident.geocode_message == "database unreachable"


def test_admin_geocode_again_and_explanation(
    client, django_capture_on_commit_callbacks
):
    client.force_login(get_user_model().objects.create_superuser("ed", password="x"))
    incident = IncidentFactory(location_text="Darnytskyi district, Kyiv")
    incident_geocode(incident_id=incident.pk)
    page = client.get(reverse("admin:incidents_incident_change", args=[incident.pk]))
    body = page.content.decode()
    assert "why the point is where it is" in body.lower()
    assert "<th>matched text</th>" in body
    manual = IncidentFactory(geocode_status=GeocodeStatus.MANUAL)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            reverse("admin:incidents_incident_changelist"),
            {"action": "geocode_again", "_selected_action": [incident.pk, manual.pk]},
        )
    assert len(callbacks) == 1  # both handed to the worker as one batch
    assert set(
        Incident.objects.filter(pk__in=[incident.pk, manual.pk]).values_list(
            "geocode_status", flat=True
        )
    ) == {GeocodeStatus.PENDING}


def test_beat_schedules_the_sweep(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["sweep-pending-geocoding"]
    assert schedule["task"] == "incidents.tasks.incident_sweep_pending_task"
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST


def test_geocode_pending_command_with_broker_down(settings, capsys):
    from config.celery import app
    from tests.pipeline import use_broker

    IncidentFactory(geocode_status=GeocodeStatus.PENDING)
    previous = app.conf.broker_url
    use_broker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        call_command("geocode_pending")
    finally:
        use_broker(previous)
    assert "Enqueued 0 pending incidents (1 pending now)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("улице Щетинина, Петровском районе, Донецк", "petrovskyi"),
        ("вул. Щетиніна, Петровський район, Донецьк", "petrovskyi"),
        ("проспекте Панфилова, Куйбышевском районе, Донецк", "kuibyshevskyi"),
    ],
)
def test_a_street_the_register_lacks_is_street_level_without_a_point(text, district):
    incident = IncidentFactory(
        location_text=text,
        city=City.objects.get(slug="donetsk"),
        geocode_status=GeocodeStatus.PENDING,
    )
    incident_geocode(incident_id=incident.pk)
    incident.refresh_from_db()
    assert incident.district.slug == district
    assert (incident.geo_precision, incident.point) == (GeoPrecision.STREET, None)
    assert incident.street is None  # no register row is invented either
    assert incident.geocode_method == "pattern:street"
    assert "known by its pattern only" in incident.geocode_message


def test_a_district_alone_stays_district_level():
    incident = IncidentFactory(
        location_text="Петровском районе, Донецк",
        city=City.objects.get(slug="donetsk"),
        geocode_status=GeocodeStatus.PENDING,
    )
    incident_geocode(incident_id=incident.pk)
    incident.refresh_from_db()
    assert incident.geo_precision == GeoPrecision.DISTRICT
