from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def _roles_ensure(sender, **kwargs):
    from incidents.access import roles_ensure

    roles_ensure()


class IncidentsConfig(AppConfig):
    name = "incidents"

    def ready(self):
        from incidents.generation import connect_signals
        from incidents.search import register_sqlite_function

        # Every write to incidents makes a new data generation (the map's ETags).
        connect_signals()

        # SQLite's search needs a Python function on every connection (search.py).
        connection_created.connect(
            register_sqlite_function, dispatch_uid="incidents-sqlite-search"
        )
        # After every migrate, and after every flush (which tests do): Django creates
        # the models' permissions on the same signal, so they exist by then.
        post_migrate.connect(
            _roles_ensure, sender=self, dispatch_uid="incidents-roles-ensure"
        )
