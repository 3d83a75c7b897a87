import datetime as dt

from django.core.management.base import BaseCommand

from incidents.choices import GeocodeStatus
from incidents.geocoding import incident_sweep_pending
from incidents.models import Incident


class Command(BaseCommand):
    help = "Enqueue geocoding again for incidents still pending (what the sweep does)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=0,
            metavar="SECONDS",
            help="only incidents pending for at least this long (default: all)",
        )

    def handle(self, *args, **options):
        age = dt.timedelta(seconds=options["older_than"])
        count = incident_sweep_pending(older_than=age)
        left = Incident.objects.filter(geocode_status=GeocodeStatus.PENDING).count()
        self.stdout.write(f"Enqueued {count} pending incidents ({left} pending now).")
