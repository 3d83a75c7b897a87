import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_wrong_passwords_lock_the_account_from_that_address(client, url_name):
    UserFactory(username="analyst", is_staff=True)
    url = reverse(url_name)
    for _ in range(4):
        response = _sign_in(client, url, "analyst", "wrong")
        assert response.status_code == 200  # the form again, with its error
    # The fifth wrong password locks.
    assert _sign_in(client, url, "analyst", "wrong").status_code == 429
    # Locked now: even the right password is refused, and the page says until when.
    response = _sign_in(client, url, "analyst", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Signing in is locked for now" in page
    assert "Try again in 15 minutes, at" in page
    assert "_auth_user_id" not in client.session


def test_another_address_and_another_account_are_not_locked(client):
    UserFactory(username="analyst")
    UserFactory(username="editor")
    for _ in range(6):
        _sign_in(client, reverse("login"), "analyst", "wrong")
    response = client.post(
        reverse("login"),
        {"username": "analyst", "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302
    client.logout()
    assert _sign_in(client, reverse("login"), "editor", PASSWORD).status_code == 302


def test_a_right_password_before_the_limit_clears_the_count(client):
    UserFactory(username="analyst")
    for _ in range(4):
        _sign_in(client, reverse("login"), "analyst", "wrong")
    assert _sign_in(client, reverse("login"), "analyst", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _sign_in(client, reverse("login"), "analyst", "wrong")
    assert _sign_in(client, reverse("login"), "analyst", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, settings):
    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=1)
    UserFactory(username="analyst")
    for _ in range(5):
        _sign_in(client, reverse("login"), "analyst", "wrong")
    assert _sign_in(client, reverse("login"), "analyst", PASSWORD).status_code == 429
    import time

    time.sleep(1.2)
    assert _sign_in(client, reverse("login"), "analyst", PASSWORD).status_code == 302
