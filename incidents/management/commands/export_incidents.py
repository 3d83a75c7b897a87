from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from incidents.exports import FILE_FORMATS, export_to_file
from incidents.filters import IncidentFilterForm


class Command(BaseCommand):
    # A read that changes nothing: Django's checks (0.9 s, the URLs imported to
    # check them) are for `check` and the servers, as dumpdata skips them too.
    requires_system_checks = []
    help = (
        "Export incidents matching the map's filters as GeoJSON, CSV, GeoPackage "
        "or XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path)
        parser.add_argument("--format", choices=FILE_FORMATS, required=True)
        parser.add_argument("--from", dest="from", metavar="YYYY-MM-DD")
        parser.add_argument("--to", metavar="YYYY-MM-DD")
        parser.add_argument("--city")
        # Repeatable, like the URL's parameters: any of the values given.
        parser.add_argument("--district", action="append")
        parser.add_argument("--event-type", dest="event_type", action="append")
        parser.add_argument("--tag", action="append")
        parser.add_argument("--precision", action="append")
        parser.add_argument("--status")
        parser.add_argument("--q", metavar="SEARCH")
        parser.add_argument("--bbox", metavar="WEST,SOUTH,EAST,NORTH")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="where the app is served, for each row's permalink to its incident "
            "page (default: the SITE_URL setting, %(default)s)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        params = {
            key: options[key]
            for key in (
                "from",
                "to",
                "city",
                "district",
                "event_type",
                "tag",
                "precision",
                "status",
                "bbox",
                "q",
            )
            if options.get(key)
        }
        base_url = options["base_url"].rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(
                f"--base-url {base_url!r} must be an absolute http(s) URL, "
                "e.g. https://incidents.example.org"
            )
        form = IncidentFilterForm(params)
        if not form.is_valid():
            raise CommandError(
                "; ".join(
                    f"--{name.replace('_', '-')}: {' '.join(messages)}"
                    for name, messages in form.error_json()["parameters"].items()
                )
            )
        query = urlencode(params, doseq=True)
        count = export_to_file(
            filters=form.to_filter(),
            fmt=options["format"],
            path=options["out"],
            base_url=base_url,
            filter_url=base_url
            + reverse("incident-map")
            + (f"?{query}" if query else ""),
            progress=not options["no_progress"],
        )
        self.stdout.write(
            self.style.SUCCESS(f"Exported {count} incidents to {options['out']}")
        )
