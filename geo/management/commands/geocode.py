import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from geo.geocoder import CITY_HINTS, FallbackUnavailable, GeocodeResult, geocode


def describe(result: GeocodeResult) -> str:
    """One line an analyst reads at a glance."""
    if result.precision == "none":
        return "nothing found (precision none)"
    named = result.street or result.place or result.district or result.city
    where = ", ".join(p for p in (result.district, result.city) if p and p != named)
    point = (
        f" at {result.lat:.5f}, {result.lon:.5f} (lat, lon)"
        if result.lon is not None
        else " (no point)"
    )
    return (
        f"{result.precision}: {named}{f' [{where}]' if where else ''}{point}; "
        f"confidence {result.confidence:.2f} by {result.method}, "
        f"matched {result.matched!r}"
    )


class Command(BaseCommand):
    help = "Geocode one text against the gazetteer (and the fallback, if configured)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help='e.g. "вул. Артема, Донецьк"')
        parser.add_argument(
            "--city", help=f"the city the text is about: {' or '.join(CITY_HINTS)}"
        )
        parser.add_argument(
            "--json", action="store_true", help="print the result as one JSON object"
        )

    def handle(self, *args, **options) -> None:
        city = options["city"]
        if city is not None and city not in CITY_HINTS:
            raise CommandError(
                f"unknown city {city!r}: use one of {', '.join(CITY_HINTS)}"
            )
        try:
            result = geocode(options["text"], city=city)
        except FallbackUnavailable as exc:
            raise CommandError(
                f"{exc}. The gazetteer has no match; check GEOCODER_FALLBACK_URL, "
                "or try again when the server answers."
            ) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            self.stdout.write(describe(result))
