"""Who may see and do what: the roles, and the publication rules every read obeys.

Three Django groups, kept in step with ROLE_PERMISSIONS after every migrate (and
every flush, which tests do) by `roles_ensure`:
- viewer: sees and exports published incidents only, once the embargo has passed;
- analyst: sees every status, adds reports, creates and edits incidents, sends them
  to review; cannot publish;
- editor: an analyst who may also publish, archive, merge and delete.
Superusers may do everything. An account in no group sees nothing.
"""

import datetime as dt
from enum import IntEnum, StrEnum

from django.conf import settings
from django.contrib.gis.db.models import PointField
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from incidents.choices import GeoPrecision, Status


class Role(StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    EDITOR = "editor"


_SEE = [
    "incidents.view_incident",
    "incidents.view_source",
    "incidents.view_casualtyreport",
    "incidents.view_reportcitytotal",
    "incidents.view_weapon",
    "incidents.view_acledevent",
    "incidents.view_infrastructuretag",
    "geo.view_city",
    "geo.view_district",
    "geo.view_street",
    "geo.view_place",
]
_EDIT = [
    "incidents.add_incident",
    "incidents.change_incident",
    "incidents.add_source",
    "incidents.change_source",
    "incidents.add_casualtyreport",
    "incidents.change_casualtyreport",
    "incidents.delete_casualtyreport",
    "incidents.add_reportcitytotal",
    "incidents.change_reportcitytotal",
    "incidents.delete_reportcitytotal",
    "incidents.add_report",
    "incidents.view_feed",
    "incidents.add_feed",
    "incidents.change_feed",
]
_DECIDE = [
    "incidents.publish_incident",
    "incidents.merge_incident",
    "incidents.delete_incident",
    "incidents.delete_source",
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.VIEWER: ["incidents.view_incident"],
    Role.ANALYST: _SEE + _EDIT,
    Role.EDITOR: _SEE + _EDIT + _DECIDE,
}
# Staff roles work in the admin; a viewer never does.
STAFF_ROLES = {Role.ANALYST, Role.EDITOR}


def roles_ensure() -> None:
    """The groups with exactly their permissions; running it again changes nothing."""
    from django.contrib.auth.models import Group, Permission

    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        query = Q(pk__in=[])
        for name in names:
            app_label, codename = name.split(".")
            query |= Q(content_type__app_label=app_label, codename=codename)
        wanted = set(Permission.objects.filter(query).values_list("pk", flat=True))
        if len(wanted) != len(names):
            continue  # a model's permissions are not created yet (mid-migration)
        if set(group.permissions.values_list("pk", flat=True)) != wanted:
            group.permissions.set(wanted)


def user_role(user) -> Role | None:
    """The account's highest role; None for anonymous and for accounts in no group.
    Superusers count as editors."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.EDITOR
    # Asked several times a request (the view, then each read): one query.
    if not hasattr(user, "_incident_role"):
        names = _group_names(user.pk)
        user._incident_role = next(
            (r for r in (Role.EDITOR, Role.ANALYST, Role.VIEWER) if r.value in names),
            None,
        )
    return user._incident_role


def _group_names(user_id: int) -> set[str]:
    """The account's groups, in SQL written out: every request asks, and composing
    the ORM's join cost more than running it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    groups = Group._meta.db_table
    membership = get_user_model().groups.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT g.name FROM {groups} g JOIN {membership} m"  # noqa: S608 ours
            " ON m.group_id = g.id WHERE m.user_id = %s",
            [user_id],
        )
        return {name for (name,) in cursor.fetchall()}


def sees_everything(user) -> bool:
    """Analysts, editors and superusers see every status and the true location."""
    return user_role(user) in STAFF_ROLES


def can_publish(user) -> bool:
    return user.is_active and user.has_perm("incidents.publish_incident")


def publication_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Incidents that ended before this moment are past the embargo."""
    now = now or timezone.now()
    return now - dt.timedelta(hours=settings.PUBLISH_DELAY_HOURS)


class Level(IntEnum):
    """How precisely a reader may see where an incident is, finest first."""

    EXACT = 0
    STREET = 1
    DISTRICT = 2
    CITY = 3


# The coarsest level at which each part of the location is still shown. The place
# and the words of the report (location as reported, evidence sentences, the
# geocoder's candidates) name the very spot, so they go with the exact point.
SHOWN_UP_TO = {
    "point": Level.EXACT,
    "place": Level.EXACT,
    "location_text": Level.EXACT,
    "evidence": Level.EXACT,
    "geocode": Level.EXACT,
    "street": Level.STREET,
    "district": Level.DISTRICT,
    "city": Level.CITY,
}


def shown(part: str, level: int) -> bool:
    """Whether `part` of the location (a key of SHOWN_UP_TO) is shown at `level`."""
    return level <= SHOWN_UP_TO[part]


def location_level(user) -> Level:
    """The level of the publication precision `user` reads at: staff see the truth."""
    if sees_everything(user):
        return Level.EXACT
    return Level[settings.PUBLISH_PRECISION.upper()]


def _finer_than(level: Level) -> Q:
    """Incidents whose recorded location says more than `level` shows."""
    point = Q(point__isnull=False)
    if level is Level.STREET:
        return (point & ~Q(geo_precision=GeoPrecision.STREET)) | Q(place__isnull=False)
    finer = point | Q(street__isnull=False) | Q(place__isnull=False)
    if level is Level.CITY:
        finer |= Q(district__isnull=False)
    return finer


def _location_aliases(level: Level) -> dict:
    """Where each incident is as a reader at `level` sees it, as SQL expressions:

    - shown_level: `level`, or EXACT where an editor made the location publishable;
    - shown_point: the point, the street's point where a finer point is coarsened to
      its street, or null;
    - shown_precision: the precision of what is shown;
    - shown_district: the district, or null where the level hides it.
    Staff (and PUBLISH_PRECISION=exact) get the columns themselves, so their queries
    are the plain ones and keep their indexes.
    """
    if level is Level.EXACT:
        return {
            "shown_level": Value(int(Level.EXACT), output_field=IntegerField()),
            "shown_point": F("point"),
            "shown_precision": F("geo_precision"),
            "shown_district": F("district"),
        }
    publishable = Q(exact_location_publishable=True)
    coarsened = _finer_than(level) & ~publishable
    street_point = (
        Q(street__point__isnull=False) if level is Level.STREET else Q(pk__in=[])
    )
    with_district = (
        Q(district__isnull=False) if level is not Level.CITY else Q(pk__in=[])
    )
    return {
        "shown_level": Case(
            When(publishable, then=Value(int(Level.EXACT))),
            default=Value(int(level)),
            output_field=IntegerField(),
        ),
        "shown_point": Case(
            When(coarsened & street_point, then=F("street__point")),
            When(coarsened, then=Value(None)),
            default=F("point"),
            output_field=PointField(srid=4326),
        ),
        "shown_precision": Case(
            When(coarsened & street_point, then=Value(GeoPrecision.STREET.value)),
            When(coarsened & with_district, then=Value(GeoPrecision.DISTRICT.value)),
            When(coarsened, then=Value(GeoPrecision.CITY.value)),
            default=F("geo_precision"),
            output_field=CharField(),
        ),
        "shown_district": F("district")
        if level is not Level.CITY
        else Case(
            When(publishable, then=F("district")),
            default=Value(None),
            output_field=IntegerField(),
        ),
    }


def incidents_visible(user, incidents: QuerySet) -> QuerySet:
    """`incidents` narrowed to what `user` may see, with where `user` may see each
    one (the aliases of `_location_aliases`): every read passes through here, and
    reads the location only through the shown_* aliases."""
    role = user_role(user)
    if role is None:
        return incidents.none()
    incidents = incidents.alias(**_location_aliases(location_level(user)))
    if role in STAFF_ROLES:
        return incidents
    return incidents.filter(
        status=Status.PUBLISHED, occurred_to__lte=publication_cutoff()
    )


def statuses_visible(user) -> list[str]:
    """The statuses the status filter may offer `user`."""
    if sees_everything(user):
        return list(Status.values)
    if user_role(user) is Role.VIEWER:
        return [Status.PUBLISHED]
    return []


class _CommandLine:
    """Who reads when an operator runs a management command: everything, like a
    superuser (the shell already gives them the database)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = True
    username = "command line"
    pk = None

    def has_perm(self, perm: str, obj=None) -> bool:
        return True


COMMAND_LINE = _CommandLine()


def role_required(view=None, *, api: bool = False, permission: str | None = None):
    """Let a view run only for accounts with a role (and `permission`, if given).

    Anonymous: the sign-in page (a JSON 401 for the API). Signed in with no role:
    a page that says so (a JSON 403). Without the permission: 403.
    """
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                if api:
                    return JsonResponse({"error": gettext("sign in first")}, status=401)
                return redirect_to_login(request.get_full_path())
            role = user_role(user)
            allowed = role is not None and (
                permission is None or user.has_perm(permission)
            )
            if allowed:
                return view(request, *args, **kwargs)
            if role is None:
                message = gettext(
                    "Your account has no role yet: ask an editor or an administrator "
                    "to make you a viewer, an analyst or an editor."
                )
            else:
                message = gettext("Your role may not do this.")
            if api:
                return JsonResponse({"error": message}, status=403)
            return render(
                request,
                "incidents/no_role.html",
                {"message": message, "role": role},
                status=403,
            )

        return wrapper

    return decorate(view) if view is not None else decorate
