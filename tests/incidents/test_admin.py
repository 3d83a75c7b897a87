import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from geo.models import District, Place
from incidents.choices import GeocodeStatus, GeoPrecision
from incidents.models import Incident
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("editor", password="pass-word-123")
    client.force_login(user)
    client.user = user
    return client


def _form_data(incident: Incident, **changes) -> dict:
    local_from = incident.occurred_from.astimezone()
    local_to = incident.occurred_to.astimezone()
    data = {
        "title": incident.title,
        "status": incident.status,
        "notes": incident.notes,
        "evidence": incident.evidence,
        "occurred_from_0": local_from.strftime("%d/%m/%Y"),
        "occurred_from_1": local_from.strftime("%H:%M:%S"),
        "occurred_to_0": local_to.strftime("%d/%m/%Y"),
        "occurred_to_1": local_to.strftime("%H:%M:%S"),
        "time_precision": incident.time_precision,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "fatalities": "" if incident.fatalities is None else incident.fatalities,
        "injured": "" if incident.injured is None else incident.injured,
        "location_text": incident.location_text,
        "city": incident.city_id or "",
        "district": incident.district_id or "",
        "street": incident.street_id or "",
        "place": incident.place_id or "",
        "geo_precision": incident.geo_precision,
        "point": incident.point.geojson if incident.point else "",
        "casualty_reports-TOTAL_FORMS": "0",
        "casualty_reports-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_changelist_renders_with_filters(staff_client):
    IncidentFactory(title="Strike on <b>Darnytsia</b>")
    response = staff_client.get(reverse("admin:incidents_incident_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Strike on &lt;b&gt;Darnytsia&lt;/b&gt;" in body
    for parameter in ("city__id__exact", "status__exact", "geocode_status__exact"):
        assert parameter in body


def test_change_form_has_the_map_widget_and_district_outlines(staff_client):
    incident = IncidentFactory()
    response = staff_client.get(
        reverse("admin:incidents_incident_change", args=[incident.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "id_point-map" in body or "id_point_map" in body
    assert "leaflet" in body
    assert "js/admin_district_outlines.js" in body
    assert 'id="district-outlines-url"' in body
    assert "OpenStreetMap contributors" in body


def test_district_outlines_feed_has_the_kyiv_polygons(staff_client):
    response = staff_client.get(reverse("admin:geo_district_outlines"))
    data = response.json()
    assert response["Content-Type"] == "application/geo+json"
    assert len(data["features"]) == 10
    assert {f["properties"]["city"] for f in data["features"]} == {"kyiv"}
    assert data["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_outlines_are_for_staff_only(client):
    response = client.get(reverse("admin:geo_district_outlines"))
    assert response.status_code == 302


def test_district_changelist_shows_map_and_says_which_have_no_polygon(staff_client):
    response = staff_client.get(reverse("admin:geo_district_changelist"))
    body = response.content.decode()
    assert "district-overview" in body
    assert "No polygon is known for 9 districts" in body
    assert "Kuibyshevskyi (Donetsk)" in body


def test_moving_the_point_makes_the_location_manual_and_sets_the_district(
    staff_client, kyiv
):
    incident = IncidentFactory(location_text="somewhere in Kyiv")
    lisova = Place.objects.get(kind="metro_station", name_uk="Лісова")
    data = _form_data(incident, point=lisova.point.geojson)
    response = staff_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.MANUAL
    assert incident.geo_precision == GeoPrecision.EXACT
    assert incident.district == District.objects.get(city=kyiv, slug="desnianskyi")
    assert incident.point.equals_exact(lisova.point, 1e-9)
    assert incident.updated_by == staff_client.user


def test_an_incident_can_be_created_with_a_point(staff_client, kyiv):
    incident = IncidentFactory.build(title="Drone debris on Khreshchatyk")
    data = _form_data(
        incident,
        city=kyiv.pk,
        point=json.dumps({"type": "Point", "coordinates": [30.5234, 50.4501]}),
    )
    response = staff_client.post(reverse("admin:incidents_incident_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Incident.objects.get(title="Drone debris on Khreshchatyk")
    assert created.district.slug == "shevchenkivskyi"
    assert created.geocode_status == GeocodeStatus.MANUAL
    assert created.created_by == staff_client.user


def test_editing_text_of_a_manual_incident_keeps_it_manual(staff_client):
    incident = IncidentFactory(geocode_status=GeocodeStatus.MANUAL)
    data = _form_data(incident, location_text="near Lisova metro")
    staff_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )
    incident.refresh_from_db()
    assert incident.location_text == "near Lisova metro"
    assert incident.geocode_status == GeocodeStatus.MANUAL


def test_history_records_who_changed_what_in_the_admin(staff_client):
    incident = IncidentFactory(fatalities=None)
    data = _form_data(incident, fatalities=17, title="Darnytskyi apartment block")
    response = staff_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest, previous = incident.history.all()[:2]
    assert latest.history_user == staff_client.user
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes["fatalities"] == (None, 17)
    assert changes["title"][1] == "Darnytskyi apartment block"
    history_page = staff_client.get(
        reverse("admin:incidents_incident_history", args=[incident.pk])
    )
    assert "editor" in history_page.content.decode()


def test_invalid_form_is_refused_with_a_message(staff_client):
    incident = IncidentFactory()
    data = _form_data(incident, fatalities=-2)
    response = staff_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )
    assert response.status_code == 200
    assert "fatalities" in response.context["adminform"].form.errors


def test_a_point_placed_by_hand_keeps_the_precision_the_analyst_chose(staff_client):
    incident = IncidentFactory(location_text="Zhylianska street")
    data = _form_data(
        incident,
        point=json.dumps({"type": "Point", "coordinates": [30.5050, 50.4330]}),
        point_precision=GeoPrecision.STREET,
    )
    response = staff_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    incident.refresh_from_db()
    assert incident.geocode_status == GeocodeStatus.MANUAL
    assert incident.geo_precision == GeoPrecision.STREET


def test_the_precision_choice_changes_nothing_when_the_point_stays(staff_client, kyiv):
    incident = IncidentFactory(geo_precision=GeoPrecision.DISTRICT)
    data = _form_data(incident, point_precision=GeoPrecision.STREET, notes="checked")
    response = staff_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    incident.refresh_from_db()
    assert incident.geo_precision == GeoPrecision.DISTRICT
    assert incident.notes == "checked"


def test_a_precision_other_than_exact_or_street_is_refused(staff_client):
    incident = IncidentFactory()
    data = _form_data(
        incident,
        point=json.dumps({"type": "Point", "coordinates": [30.5050, 50.4330]}),
        point_precision=GeoPrecision.DISTRICT,
    )
    response = staff_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "district is not one of the available choices" in str(
        errors["point_precision"]
    )
    # Shown again at once: the point had moved.
    assert 'data-point-changed="true"' in response.content.decode()


def test_change_form_loads_the_point_editor_and_the_precision_choice(staff_client):
    incident = IncidentFactory()
    response = staff_client.get(
        reverse("admin:incidents_incident_change", args=[incident.pk])
    )
    body = response.content.decode()
    assert 'src="/static/js/admin_point.js" type="module"' in body
    assert 'data-point-precision-for="id_point"' in body
    assert "data-point-changed" not in body


def test_changelist_queries_do_not_grow_with_the_incidents(
    staff_client, kyiv, django_assert_max_num_queries
):
    url = reverse("admin:incidents_incident_changelist")
    districts = list(District.objects.filter(city=kyiv))
    for district in districts:
        IncidentFactory(district=district)
    with django_assert_max_num_queries(12):
        response = staff_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<tr><td class="action-checkbox">') == len(districts)
    assert f"{districts[0].name_en} (Kyiv)" in body
