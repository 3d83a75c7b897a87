from django.apps import AppConfig
from django.db.backends.signals import connection_created


class IncidentsConfig(AppConfig):
    name = "incidents"

    def ready(self):
        from incidents.search import register_sqlite_function

        # SQLite's search needs a Python function on every connection (search.py).
        connection_created.connect(
            register_sqlite_function, dispatch_uid="incidents-sqlite-search"
        )
