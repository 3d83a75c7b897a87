import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("incident_map")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _database_connection_check(**kwargs) -> None:
    """Keep the worker's database connection across tasks, as Django keeps a web
    process's across requests: closed when it has failed or is older than
    CONN_MAX_AGE. (Celery's own fixup reconnects for every task unless
    CELERY_DB_REUSE_MAX is set, which cost ~10 ms a task, most of a geocoding.)"""
    from django.db import close_old_connections

    close_old_connections()
