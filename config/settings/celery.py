from config.env import env

CELERY_BROKER_URL = env("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")

# Seconds any one call to Redis may take before it counts as down.
BROKER_SOCKET_TIMEOUT = float(env("CELERY_BROKER_SOCKET_TIMEOUT", "1"))
CELERY_RESULT_BACKEND = None
# Should a result backend on Redis be configured, it waits no longer than the broker.
CELERY_REDIS_SOCKET_TIMEOUT = BROKER_SOCKET_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_SOCKET_TIMEOUT
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Kyiv"

# A task is acknowledged only when it has finished, and comes back if its worker
# dies; the visibility timeout is how long Redis waits before handing an
# unacknowledged task to another worker, so it is short (geocoding takes
# milliseconds).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "60")),
    # How often a worker looks for tasks whose worker died; kombu would otherwise
    # look only every tenth time, i.e. every 100 s.
    "unacked_restore_interval": int(env("CELERY_RESTORE_INTERVAL", "10")),
    "unacked_restore_throttle": 1,
    # A Redis that accepts the connection but never answers (frozen, swapping, a
    # half-open network) would otherwise hold a publish, and the analyst's save
    # that triggers it, for as long as TCP waits: minutes.
    "socket_timeout": BROKER_SOCKET_TIMEOUT,
    "socket_connect_timeout": BROKER_SOCKET_TIMEOUT,
    "retry_on_timeout": False,
}
# Celery's Django fixup closes the database connection before and after every
# task unless told to reuse it; config/celery.py closes it instead as Django does
# for requests (when it failed, or after CONN_MAX_AGE). This is how many tasks
# pass before the fixup closes it anyway.
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_TIME_LIMIT = 60
CELERY_TASK_SOFT_TIME_LIMIT = 45

# A broker that is down must not hang the analyst's save: give up publishing fast,
# leave the incident pending, and let the sweep enqueue it later.
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 0,
    "interval_start": 0,
    "interval_step": 0,
    "interval_max": 0,
}

# Incidents still pending after this long are enqueued again by the sweep.
GEOCODE_SWEEP_AFTER_SECONDS = int(env("GEOCODE_SWEEP_AFTER_SECONDS", "120"))
# ...unless they were handed to the broker less than this long ago: the task is in
# the queue, behind others. Longer than a backlog takes to work off, so that only a
# lost message is sent twice.
GEOCODE_REQUEUE_AFTER_SECONDS = int(env("GEOCODE_REQUEUE_AFTER_SECONDS", "600"))

# Imports, the sweep and "geocode again" hand incidents to the worker this many
# to a task: read, locked and written a few queries per batch, not per incident.
GEOCODE_BATCH_SIZE = int(env("GEOCODE_BATCH_SIZE", "50"))

CELERY_BEAT_SCHEDULE = {
    "sweep-pending-geocoding": {
        "task": "incidents.tasks.incident_sweep_pending_task",
        "schedule": float(env("GEOCODE_SWEEP_EVERY_SECONDS", "60")),
    },
    # Each feed has its own interval (Feed.poll_minutes, doubled after each
    # failure); this only looks for the feeds that are due, and enqueues each.
    "poll-due-feeds": {
        "task": "incidents.tasks.feeds_poll_due_task",
        "schedule": float(env("FEEDS_CHECK_EVERY_SECONDS", "60")),
    },
}

# Transient errors (the database, a fallback geocoder's timeout or 5xx) are retried
# by Celery: after about backoff, 2 x backoff, 4 x backoff... seconds (with jitter,
# so a backlog does not come back all at once), capped, at most this many times.
GEOCODE_RETRY_BACKOFF = int(env("GEOCODE_RETRY_BACKOFF", "2"))
GEOCODE_RETRY_BACKOFF_MAX = int(env("GEOCODE_RETRY_BACKOFF_MAX", "300"))
GEOCODE_MAX_RETRIES = int(env("GEOCODE_MAX_RETRIES", "5"))
