from django.core.management.base import BaseCommand, CommandError

from incidents.api.tokens import api_token_revoke
from incidents.models import ApiToken


class Command(BaseCommand):
    help = "Revoke an API token by its prefix (as the admin lists it, e.g. imk_AbC123)."

    def add_arguments(self, parser):
        parser.add_argument("prefix")

    def handle(self, *args, **options):
        prefix = options["prefix"].rstrip("…. ")
        tokens = list(ApiToken.objects.filter(prefix=prefix))
        if not tokens:
            raise CommandError(f"no API token with prefix {prefix!r}")
        if len(tokens) > 1:
            raise CommandError(
                f"{len(tokens)} tokens have prefix {prefix!r}: revoke them in the admin"
            )
        token = api_token_revoke(token=tokens[0])
        self.stdout.write(f"revoked {token}")
