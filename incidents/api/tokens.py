"""Personal API tokens: made, revoked, and read from `Authorization: Bearer`.

A client sends its key on every request; the middleware below makes the key's
holder the request's user for the data URLs only, so the roles and publication
rules (incidents.access) apply exactly as to a signed-in session. A key that is
wrong, revoked or whose account is inactive is a 401 that says which, never a
fall back to the session.
"""

import datetime as dt
import hashlib
import logging
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone

from incidents.models import ApiToken

logger = logging.getLogger(__name__)

# Where a token is read: the data, never the pages or the admin (a stolen key must
# not be a way to edit).
TOKEN_PREFIXES = ("/ogcapi/", "/api/", "/export/")
KEY_PREFIX = "imk_"
# last_used_at is written at most this often per key: not a write per request.
USE_RESOLUTION = dt.timedelta(minutes=5)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: AbstractUser, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its key, which nothing keeps: show it once."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name, prefix=key[: len(KEY_PREFIX) + 6], key_hash=_hash(key)
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """The key stops working at once; the row stays, to show when it was used."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_holder(key: str) -> tuple[AbstractUser | None, str]:
    """The active account whose live token `key` is, or None and why not."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None:
        return None, "unknown API token"
    if token.revoked_at is not None:
        return None, f"API token {token.prefix}… was revoked"
    if not token.user.is_active:
        return None, f"API token {token.prefix}…: its account is inactive"
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, ""


def _unauthorized(message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=401)
    # RFC 6750 §3: what a client needs to tell a bad key from a missing one.
    response["WWW-Authenticate"] = 'Bearer realm="incident-map", error="invalid_token"'
    return response


class BearerTokenMiddleware:
    """After AuthenticationMiddleware: a Bearer key replaces the session's user on
    the data URLs; elsewhere the header is ignored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not request.path_info.startswith(
            TOKEN_PREFIXES
        ):
            return self.get_response(request)
        user, why = api_token_holder(key.strip())
        if user is None:
            logger.info("Refused %s: %s", request.path_info, why)
            return _unauthorized(why)
        request.user = user
        # A key is not a session: nothing is stored, no cookie is set, and a form
        # posted with a key alone would need a CSRF token it cannot have.
        return self.get_response(request)
