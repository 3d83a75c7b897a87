"""Errors of the JSON API and the exports are JSON, whatever raised them.

Scripts and QGIS read `/api/` and `/export/`; an HTML error page there is noise they
cannot parse. Views answer their own 400s and 401s; this middleware turns the rest
(an unknown URL, a refusal, a crash, a database that is away) into
`{"error": "..."}` like its 400s. Tracebacks go to the log, never to the client.
"""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("incidents.api")

API_PREFIXES = ("/api/", "/export/", "/ogcapi/")

# A service that is away, rather than a bug: the client may try again later.
UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
)

MESSAGES = {
    400: "the request is not valid",
    401: "sign in first",
    403: "you may not see this",
    404: "no such resource",
    405: "method not allowed",
    500: "internal error; it has been logged",
    503: "a service the app needs is unreachable; try again shortly",
}


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIXES)


def error_response(status: int, message: str | None = None) -> JsonResponse:
    text = message or MESSAGES.get(status) or HTTPStatus(status).phrase.lower()
    return JsonResponse({"error": text}, status=status)


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            _is_api(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/")
        ):
            # Django's own pages: a 404 from the resolver, a 403 from CSRF, the
            # 500 page of an exception it has already logged.
            return error_response(response.status_code)
        return response

    def process_exception(self, request, exception):
        if not _is_api(request):
            return None
        if isinstance(exception, Http404):
            return error_response(404, str(exception) or None)
        if isinstance(exception, PermissionDenied):
            return error_response(403, str(exception) or None)
        if isinstance(exception, UNAVAILABLE) or (
            isinstance(exception, DatabaseError) and "connect" in str(exception).lower()
        ):
            logger.error(
                "%s %s: service unavailable: %s",
                request.method,
                request.path,
                exception,
                exc_info=exception,
            )
            return error_response(503)
        return None  # Django logs it and renders its 500, made JSON in __call__
