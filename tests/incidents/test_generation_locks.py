"""Writers that lock an incident and bump the data generation (incidents/generation
.py) take the generation first, whichever lock their own work needs first: two of
them wait for each other in turn instead of deadlocking (PostgreSQL would end one
of them). SQLite locks the whole database, so the race is PostgreSQL's alone."""

import threading
import time

import pytest
from django.db import connection, transaction

from incidents.choices import Status
from incidents.models import Incident
from incidents.services import incident_status_set
from tests.factories import IncidentFactory, SourceFactory, UserFactory


def _in_thread(work) -> tuple[threading.Thread, list]:
    errors = []

    def run():
        try:
            work()
        except Exception as exc:  # noqa: BLE001 the test reports it
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_a_report_merge_and_a_status_change_of_one_incident_both_go_through(
    pipeline_db,
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database: no two writers at once")
    incident = IncidentFactory(status=Status.REVIEW)
    editor = UserFactory(role="editor")
    saved = threading.Event()

    def report_then_merge():
        # As report_ingest: the report's source stored (the generation bumped),
        # then the incident it adds to locked.
        with transaction.atomic():
            SourceFactory()
            saved.set()
            time.sleep(1.5)  # the status change is waiting by now
            Incident.objects.select_for_update().get(pk=incident.pk)

    thread, errors = _in_thread(report_then_merge)
    assert saved.wait(10)
    incident_status_set(incident=incident, status=Status.PUBLISHED, user=editor)
    thread.join(20)
    assert errors == []
    assert Incident.objects.get(pk=incident.pk).status == Status.PUBLISHED
