"""gunicorn's settings for `scripts/run.sh` and production: `gunicorn -c
config/gunicorn.conf.py config.wsgi`. Each can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# gunicorn's own advice: (2 x cores) + 1 workers. Threads, so that a long export
# streaming in one thread does not hold the worker's other requests.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A request that has sent nothing for this long is stuck; streamed exports write as
# they go.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
# The whole app once, before forking: the workers share its memory and start fast.
preload_app = True
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = "-"
# gunicorn 27's control socket (gunicornc) is one per user by default: two
# servers on one machine (tests, a second checkout) would share it. Off.
control_socket_disable = True
