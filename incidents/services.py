"""Writes to incidents by people. Views, the admin and imports call these, never
save() directly; the geocoder's own writes are in incidents.geocoding."""

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext

from geo.models import District
from incidents.access import can_publish
from incidents.choices import GeocodeStatus, GeoPrecision, Status
from incidents.generation import data_lock
from incidents.geocoding import incident_geocode_enqueue
from incidents.history import HISTORY_M2M_FIELDS, incident_history_entry
from incidents.models import Incident

# Fields whose change means the incident has to be geocoded again.
LOCATION_FIELDS = {"location_text", "city"}

# What an analyst may say of a point placed by hand: on the spot, or only
# somewhere on that street (a report that names the street, not the house).
MANUAL_POINT_PRECISIONS = (GeoPrecision.EXACT, GeoPrecision.STREET)


def _district_at(incident: Incident) -> District | None:
    districts = District.objects.filter(boundary__covers=incident.point)
    if incident.city_id:
        districts = districts.filter(city_id=incident.city_id)
    return districts.select_related("city").first()


def _mark_manual_point(
    incident: Incident, *, user: AbstractBaseUser | None, precision: str
) -> None:
    """A point placed by hand wins over any geocoder, now and later."""
    incident.geocode_status = GeocodeStatus.MANUAL
    incident.geocode_method = "manual"
    incident.geocode_confidence = 1.0
    incident.geocode_message = f"Point set by hand by {user or 'an analyst'}."
    incident.geocoded_at = timezone.now()
    incident.geo_precision = precision
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
    m2m: Mapping[str, Iterable[Model]] | None = None,
    point_precision: str = GeoPrecision.EXACT,
    reason: str = "",
) -> Incident:
    """Validate and save an incident edited by a person (admin, review page).

    Moving the point by hand makes the location manual, with the precision the
    analyst gave it (`point_precision`: exact, or only the street); changing the
    reported location of a non-manual incident sends it back to the geocoder.
    `m2m` gives the final values of weapons, tags and sources; the row and these
    are stored as one history entry, by `user`, with `reason`.
    """
    m2m = dict(m2m or {})
    unknown = set(m2m) - set(HISTORY_M2M_FIELDS)
    if unknown:
        raise ValueError(
            f"incident_save sets only {', '.join(HISTORY_M2M_FIELDS)}, "
            f"not {', '.join(sorted(unknown))}."
        )
    if point_precision not in MANUAL_POINT_PRECISIONS:
        raise ValueError(
            f"A point placed by hand is {' or '.join(MANUAL_POINT_PRECISIONS)}, "
            f"not {point_precision!r}."
        )
    _check_publication_rights(incident, changed=set(changed_fields), user=user)
    with incident_history_entry(incident, user=user, reason=reason):
        _incident_store(
            incident,
            changed=set(changed_fields),
            user=user,
            point_precision=point_precision,
        )
        for name, values in m2m.items():
            getattr(incident, name).set(values)
    if incident.geocode_status == GeocodeStatus.PENDING:
        pk = incident.pk
        transaction.on_commit(lambda: incident_geocode_enqueue(incident_id=pk))
    return incident


# Only editors decide what viewers see: publishing and archiving.
EDITOR_STATUSES = {Status.PUBLISHED, Status.ARCHIVED}


def _check_publication_rights(
    incident: Incident, *, changed: set[str], user: AbstractBaseUser | None
) -> None:
    if user is None or can_publish(user):
        return
    if incident.status in EDITOR_STATUSES and (
        incident.pk is None or "status" in changed
    ):
        raise PermissionDenied(
            gettext("Only an editor may set the status to %(status)s.")
            % {"status": incident.get_status_display()}
        )
    if "exact_location_publishable" in changed or (
        incident.pk is None and incident.exact_location_publishable
    ):
        raise PermissionDenied(
            gettext("Only an editor may decide that the exact location is publishable.")
        )


@transaction.atomic
def incident_status_set(
    *, incident: Incident, status: str, user: AbstractBaseUser
) -> Incident:
    """Move an incident along the workflow (draft, review, published, archived),
    as one history entry by `user`."""
    data_lock()  # before the incident's row (incidents/generation.py)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == status:
        return incident
    incident.status = status
    _check_publication_rights(incident, changed={"status"}, user=user)
    with incident_history_entry(
        incident,
        user=user,
        reason=gettext("Status set to %(status)s")
        % {"status": incident.get_status_display()},
    ):
        incident.updated_by = user
        incident.save(update_fields=["status", "updated_by", "updated_at"])
    return incident


def _incident_store(
    incident: Incident,
    *,
    changed: set[str],
    user: AbstractBaseUser | None,
    point_precision: str,
) -> None:
    is_new = incident.pk is None
    if "point" in changed and incident.point is not None:
        _mark_manual_point(incident, user=user, precision=point_precision)
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
