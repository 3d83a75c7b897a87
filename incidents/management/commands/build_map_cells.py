from django.core.management.base import BaseCommand

from incidents.map_cells import map_cells_build


class Command(BaseCommand):
    help = (
        "Count the map's clusters ahead for the current data (the worker does this "
        "after the data change, when the map is next read)."
    )

    def handle(self, *args, **options):
        build = map_cells_build()
        self.stdout.write(
            self.style.SUCCESS(f"{build.cells} map cells in {build.seconds:.1f} s.")
        )
