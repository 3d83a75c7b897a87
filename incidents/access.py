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
from enum import StrEnum

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from incidents.choices import Status


class Role(StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    EDITOR = "editor"


_SEE = [
    "incidents.view_incident",
    "incidents.view_source",
    "incidents.view_casualtyreport",
    "incidents.view_weapon",
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
    "incidents.add_report",
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
    names = set(user.groups.values_list("name", flat=True))
    for role in (Role.EDITOR, Role.ANALYST, Role.VIEWER):
        if role.value in names:
            return role
    return None


def sees_everything(user) -> bool:
    """Analysts, editors and superusers see every status and the true location."""
    return user_role(user) in STAFF_ROLES


def can_publish(user) -> bool:
    return user.is_active and user.has_perm("incidents.publish_incident")


def publication_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Incidents that ended before this moment are past the embargo."""
    now = now or timezone.now()
    return now - dt.timedelta(hours=settings.PUBLISH_DELAY_HOURS)


def incidents_visible(user, incidents: QuerySet) -> QuerySet:
    """`incidents` narrowed to what `user` may see: every read passes through here."""
    role = user_role(user)
    if role is None:
        return incidents.none()
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
