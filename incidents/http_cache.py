"""HTTP caching of the map's data responses.

Each carries an ETag made of the data generation (incidents/generation.py), the
gazetteer's, what the reader may see (role, location level, the embargo's minute
where one applies), the UI's language and the full URL; and Last-Modified, the
later of the two generations' changes. A repeat request is a 304. The computed
bodies of the small, costly answers (clusters, district counts, the timeline)
are kept in the cache (Redis when CACHE_URL is set) under the same key, so
readers who may see the same thing share one computation.
"""

import functools
import gzip
import hashlib
import json
import logging
import re
import time
import uuid

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.http import condition
from redis.exceptions import RedisError

from incidents.access import (
    location_level,
    publication_cutoff,
    sees_everything,
    user_role,
)
from incidents.generation import generations_stamp

logger = logging.getLogger(__name__)

CACHE_SECONDS = 600
# How long a request waits for another computing the same answer.
COMPUTE_WAIT_SECONDS = 30
# As Django's GZipMiddleware reads the header.
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _stamp(request) -> tuple[str, object]:
    if not hasattr(request, "_data_stamp"):
        stamp = generations_stamp()
        user = request.user
        parts = [
            stamp.data_token,
            stamp.gazetteer_token,
            str(user_role(user)),
            str(location_level(user)),
            get_language() or "",
            request.get_full_path(),
            # Where one URL has two representations (the OGC API's JSON and HTML).
            getattr(request, "representation", ""),
        ]
        if not sees_everything(user):
            # What a viewer sees grows as incidents end (and pass the embargo, if
            # there is one) with no write: "today" ends at midnight.
            parts.append(publication_cutoff().strftime("%Y%m%d%H%M"))
        etag = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
        request._data_stamp = (etag, stamp.changed_at)
    return request._data_stamp


def data_conditional(view):
    """ETag and Last-Modified on the view's responses; 304 when they still hold.
    Put it inside role_required, so that only a reader who may see the data is
    told it has not changed."""

    conditional = condition(
        # Weak: the body goes out gzipped or not (cached_json), the same data.
        etag_func=lambda request, *a, **k: f'W/"{_stamp(request)[0]}"',
        last_modified_func=lambda request, *a, **k: _stamp(request)[1],
    )(view)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if "HTTP_IF_NONE_MATCH" not in request.META:
            # Last-Modified is the data's time, not the reader's: which incidents
            # a reader may see (role, embargo) and in what language is in the
            # ETag only. A client asking by date alone gets the answer.
            request.META.pop("HTTP_IF_MODIFIED_SINCE", None)
        response = conditional(request, *args, **kwargs)
        # A 304 too: per reader; the browser asks again each time, and gets 304s.
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapped


def cached_json(request, compute, *, content_type: str = "application/json"):
    """compute()'s answer as JSON, from the cache when the same readers asked the
    same URL in this data generation. Kept gzipped, so that a repeat costs neither
    the computation nor the compression (a client that does not take gzip gets it
    unpacked). A cache that is down costs the cache only."""
    key = f"data.gz:{_stamp(request)[0]}"
    packed = _cache_call(cache.get, key)
    if packed is None:
        packed = _computed_once(key, compute)
    if _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(packed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(packed), content_type=content_type)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _computed_once(key: str, compute) -> bytes:
    """The answer computed by one request while the others asking for the same
    key wait for it (up to COMPUTE_WAIT_SECONDS, then compute it themselves):
    after a write, a team's clients asking for the same view would otherwise each
    compute it at once, and the cores would serve none of them quickly."""
    lock, owner = f"{key}:computing", uuid.uuid4().hex
    try:
        taken = not cache.add(lock, owner, COMPUTE_WAIT_SECONDS)
    except (RedisError, OSError) as exc:
        logger.warning("Cache unreachable, computing: %s", exc)
        return _computed(compute)  # no cache: nothing to wait for either
    if taken:
        deadline = time.monotonic() + COMPUTE_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.02)
            packed = _cache_call(cache.get, key)
            if packed is not None:
                return packed
            if _cache_call(cache.get, lock) is None:
                break  # the other request failed: compute it here
    try:
        packed = _computed(compute)
        _cache_call(cache.set, key, packed, CACHE_SECONDS)
    finally:
        # Only our own lock: one that outlived its timeout may be another's now.
        if _cache_call(cache.get, lock) == owner:
            _cache_call(cache.delete, lock)
    return packed


def _computed(compute) -> bytes:
    body = json.dumps(compute(), cls=DjangoJSONEncoder).encode()
    return gzip.compress(body, compresslevel=6, mtime=0)


def _cache_call(method, *args):
    """A cache that is down costs the cache only: None, and a warning."""
    try:
        return method(*args)
    except (RedisError, OSError) as exc:
        logger.warning("Cache unreachable (%s): %s", method.__name__, exc)
        return None
