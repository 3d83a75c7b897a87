import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from incidents.access import (
    ROLE_PERMISSIONS,
    Role,
    can_publish,
    incidents_visible,
    roles_ensure,
    statuses_visible,
    user_role,
)
from incidents.choices import Status
from incidents.models import Incident
from tests.factories import IncidentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user(role: Role | None, **fields):
    return UserFactory(role=role.value if role else "", **fields)


def test_the_groups_exist_after_migrate_with_their_permissions():
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert held == set(names), role
    roles_ensure()  # again: nothing changes
    assert Group.objects.filter(name__in=[r.value for r in Role]).count() == 3


def test_only_editors_and_superusers_may_publish():
    assert not can_publish(_user(Role.VIEWER))
    assert not can_publish(_user(Role.ANALYST))
    assert can_publish(_user(Role.EDITOR))
    assert can_publish(UserFactory(is_superuser=True, role=""))


@pytest.fixture
def one_of_each_status():
    ended = timezone.now() - dt.timedelta(hours=30)
    return {
        status: IncidentFactory(status=status, occurred_from=ended, occurred_to=ended)
        for status in Status.values
    }


def test_viewers_see_published_incidents_only(one_of_each_status):
    published = one_of_each_status[Status.PUBLISHED]
    everything = Incident.objects.all()
    assert set(incidents_visible(_user(Role.VIEWER), everything)) == {published}
    for role in (Role.ANALYST, Role.EDITOR):
        assert incidents_visible(_user(role), everything).count() == 4
    superuser = UserFactory(is_superuser=True, role="")
    assert incidents_visible(superuser, everything).count() == 4
    assert not incidents_visible(_user(None), everything).exists()
    assert statuses_visible(_user(Role.VIEWER)) == [Status.PUBLISHED]
    assert statuses_visible(_user(None)) == []


def test_the_embargo_holds_a_published_incident_back_from_viewers(
    one_of_each_status, settings
):
    viewer = _user(Role.VIEWER)
    settings.PUBLISH_DELAY_HOURS = 48  # the incidents ended 30 hours ago
    assert not incidents_visible(viewer, Incident.objects.all()).exists()
    assert incidents_visible(_user(Role.ANALYST), Incident.objects.all()).count() == 4
    settings.PUBLISH_DELAY_HOURS = 24
    assert incidents_visible(viewer, Incident.objects.all()).count() == 1


def test_an_inactive_account_has_no_role():
    assert user_role(_user(Role.EDITOR, is_active=False)) is None


def test_create_user_gives_one_role(capsys):
    call_command("create_user", "olena", "--role", "analyst")
    out = capsys.readouterr().out
    assert out.startswith("created olena / ")
    from django.contrib.auth import get_user_model

    olena = get_user_model().objects.get(username="olena")
    assert user_role(olena) is Role.ANALYST and olena.is_staff
    password = out.split(" / ")[1].split(":")[0]
    assert olena.check_password(password)
    call_command("create_user", "olena", "--role", "viewer")
    olena.refresh_from_db()
    assert list(olena.groups.values_list("name", flat=True)) == ["viewer"]
    assert not olena.is_staff
    assert olena.check_password(password)  # left as it was


def test_create_user_refuses_a_weak_password_and_a_role_it_does_not_know():
    with pytest.raises(CommandError, match="too common|too short"):
        call_command("create_user", "petro", "--role", "viewer", "--password", "1234")
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("create_user", "petro", "--role", "boss")
