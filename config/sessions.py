"""Sessions read from the cache and kept in the database (Django's cached_db),
where a cache that is down costs the cache only.

Every data request reads the session: from Redis it costs a fraction of the
database query (bench/bench_load.py: p95 274 ms instead of 359 ms at 1,000,000
incidents). Django's own cached_db writes the copy it read from the database
back to the cache unguarded, so a Redis outage would fail every signed-in request;
here that write is skipped, and signing in (which replaces the session's key)
works too. Signing out still fails loudly when the cache cannot be reached: a
copy of the session left there would sign the reader back in once Redis answers
again. So that such a copy cannot outlive the sign-out by long, copies are kept
COPY_SECONDS at most (the database keeps the session its whole age).
"""

import contextlib

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore
from redis.exceptions import RedisError

COPY_SECONDS = 300


class SessionStore(cached_db.SessionStore):
    def _copy_age(self, **kwargs) -> int:
        return min(self.get_expiry_age(**kwargs), COPY_SECONDS)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # as Django's: an unreachable cache, an odd key
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        with contextlib.suppress(RedisError, OSError):
            self._cache.set(
                self.cache_key, data, self._copy_age(expiry=stored.expire_date)
            )
        return data

    def save(self, must_create=False):
        DBStore.save(self, must_create=must_create)
        with contextlib.suppress(RedisError, OSError):
            self._cache.set(self.cache_key, self._session, self._copy_age())

    def cycle_key(self):
        """A new key for the same data (signing in): the old key's copy in a cache
        that cannot be reached is left to expire; the database's is deleted."""
        data, old = self._session, self.session_key
        self.create()
        self._session_cache = data
        if old:
            DBStore.delete(self, old)
            with contextlib.suppress(RedisError, OSError):
                self._cache.delete(self.cache_key_prefix + old)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except (RedisError, OSError):
            return DBStore.exists(self, session_key)
