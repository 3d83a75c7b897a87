from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from incidents.map_cells import map_cells_build
from incidents.models import Incident
from incidents.synthetic import SYNTHETIC_PREFIX, incidents_seed_synthetic


class Command(BaseCommand):
    help = "Create N plausible synthetic incidents over Kyiv's district polygons."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument(
            "--replace", action="store_true", help="delete earlier synthetic incidents"
        )

    def handle(self, *args, **options):
        if options["count"] < 1:
            raise CommandError("--count must be at least 1")
        if options["replace"]:
            deleted, _ = Incident.objects.filter(
                title__startswith=SYNTHETIC_PREFIX
            ).delete()
            self.stdout.write(f"Deleted {deleted} earlier synthetic rows.")
        try:
            count = incidents_seed_synthetic(
                count=options["count"],
                seed=options["seed"],
                days=options["days"],
                progress=True,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {count} synthetic incidents."))
        if settings.MAP_CELLS:
            # Ahead of the first map request, which would otherwise count live.
            build = map_cells_build()
            self.stdout.write(
                f"Counted the map's cells: {build.cells} in {build.seconds:.1f} s."
            )
