import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from incidents.extraction import ProposedIncident, extract
from incidents.reports.files import report_file_and_date


def figure_text(value: int | None) -> str:
    """A casualty figure as a terminal shows it: unknown is not 0."""
    return "unknown" if value is None else str(value)


def describe(number: int, proposal: ProposedIncident) -> str:
    """A proposal as an analyst reads it in a terminal."""
    start = proposal.occurred_from.strftime("%Y-%m-%d %H:%M")
    end = proposal.occurred_to.strftime("%Y-%m-%d %H:%M")
    when = start if start == end else f"{start} – {end}"
    what = proposal.event_type + (
        f" / {proposal.sub_event_type}" if proposal.sub_event_type else ""
    )
    return "\n".join(
        [
            f"{number}. {proposal.title}",
            f"   where:    {proposal.location_text}",
            f"   when:     {when} (Kyiv time, {proposal.time_precision})",
            f"   what:     {what}",
            f"   weapons:  {', '.join(proposal.weapons) or '-'}",
            f"   hit:      {', '.join(proposal.tags) or '-'}",
            f"   killed:   {figure_text(proposal.fatalities)}; "
            f"injured: {figure_text(proposal.injured)}",
            f"   evidence: {proposal.evidence}",
        ]
    )


class Command(BaseCommand):
    help = (
        "Propose the incidents a news report (.txt or .html) describes, and print "
        "them. Nothing is saved; ingest_report stores them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--published", required=True, metavar="YYYY-MM-DD")
        parser.add_argument(
            "--json",
            action="store_true",
            help='print {"incidents": [...], "city_totals": [...]}, not a summary',
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="accepted for scripts that pass it; this command never saves",
        )

    def handle(self, *args, **options) -> None:
        try:
            text, published = report_file_and_date(
                options["file"], options["published"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        extraction = extract(text, published=published)
        proposals = extraction.incidents
        if options["json"]:
            data = {
                "incidents": [proposal.to_json() for proposal in proposals],
                "city_totals": [t.to_json() for t in extraction.city_totals],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{len(proposals)} incidents proposed from {options['file'].name} "
            f"(published {published.isoformat()}):"
        )
        for number, proposal in enumerate(proposals, 1):
            self.stdout.write("")
            self.stdout.write(describe(number, proposal))
        for total in extraction.city_totals:
            self.stdout.write("")
            self.stdout.write(
                f"The report's total for {total.city}, beyond its places: "
                f"killed {figure_text(total.fatalities)}, "
                f"injured {figure_text(total.injured)}."
            )
            self.stdout.write(f"   evidence: {total.evidence}")
        self.stdout.write("")
        self.stdout.write("Nothing was saved.")
