"""Writes for accounts: giving one a role."""

from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction

from incidents.access import STAFF_ROLES, Role, roles_ensure


@transaction.atomic
def user_role_set(*, user: AbstractUser, role: Role) -> AbstractUser:
    """`user` in exactly one role's group; staff roles work in the admin."""
    roles_ensure()
    user.groups.remove(*Group.objects.filter(name__in=[r.value for r in Role]))
    user.groups.add(Group.objects.get(name=role.value))
    user.is_staff = role in STAFF_ROLES or user.is_superuser
    user.save(update_fields=["is_staff"])
    return user


# The names of the app's own actors in incidents' histories. Accounts that cannot
# sign in: inactive, with no usable password, in no group.
GEOCODER = "geocoder"


def system_actor(name: str) -> AbstractUser:
    from django.contrib.auth import get_user_model

    users = get_user_model()
    actor, created = users.objects.get_or_create(
        username=name, defaults={"is_active": False}
    )
    if created:
        actor.set_unusable_password()
        actor.save(update_fields=["password"])
    return actor
