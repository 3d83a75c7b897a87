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
    # Asked several times a request (the view, then each read): one query.
    if not hasattr(user, "_incident_role"):
        names = set(user.groups.values_list("name", flat=True))
        user._incident_role = next(
            (r for r in (Role.EDITOR, Role.ANALYST, Role.VIEWER) if r.value in names),
            None,
        )
    return user._incident_role


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
