"""Writes to incidents. Views, the admin and tasks call these, never save() directly."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from geo.models import District
from incidents.choices import GeocodeStatus, GeoPrecision
from incidents.models import Incident

# Fields whose change means the incident has to be geocoded again.
LOCATION_FIELDS = {"location_text", "city"}


def _district_at(incident: Incident) -> District | None:
    districts = District.objects.filter(boundary__covers=incident.point)
    if incident.city_id:
        districts = districts.filter(city_id=incident.city_id)
    return districts.select_related("city").first()


def _mark_manual_point(incident: Incident, *, user: AbstractBaseUser | None) -> None:
    """A point placed by hand wins over any geocoder, now and later."""
    incident.geocode_status = GeocodeStatus.MANUAL
    incident.geocode_method = "manual"
    incident.geocode_confidence = 1.0
    incident.geocode_message = f"Point set by hand by {user or 'an analyst'}."
    incident.geocoded_at = timezone.now()
    incident.geo_precision = GeoPrecision.EXACT
    district = _district_at(incident)
    if district is not None:
        incident.district = district
        incident.city = district.city


@transaction.atomic
def incident_save(
    *,
    incident: Incident,
    changed_fields: set[str] | list[str],
    user: AbstractBaseUser | None = None,
) -> Incident:
    """Validate and save an incident edited by a person (admin, review page).

    Moving the point by hand makes the location manual; changing the reported
    location of a non-manual incident sends it back to the geocoder.
    """
    changed = set(changed_fields)
    is_new = incident.pk is None
    if "point" in changed and incident.point is not None:
        _mark_manual_point(incident, user=user)
    elif "point" in changed and incident.point is None:
        incident.geocode_status = GeocodeStatus.PENDING
        incident.geo_precision = ""
    elif (is_new or changed & LOCATION_FIELDS) and (
        incident.geocode_status != GeocodeStatus.MANUAL
    ):
        incident.geocode_status = GeocodeStatus.PENDING
    if user is not None and user.is_authenticated:
        if is_new:
            incident.created_by = user
        incident.updated_by = user
    incident.full_clean()
    incident.save()
    return incident
