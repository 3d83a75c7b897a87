from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from incidents.access import user_role
from incidents.api.tokens import api_token_create


class Command(BaseCommand):
    help = (
        "Make a personal API token for USER (for QGIS and scripts: "
        "`Authorization: Bearer <token>`). The token is printed once and kept "
        "nowhere; revoke it in the admin or with revoke_api_token."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="command line", help="what the token is for"
        )

    def handle(self, *args, **options):
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account {username!r}: create_user makes one")
        if not user.is_active:
            raise CommandError(f"{username!r} is inactive: its token would not work")
        token, key = api_token_create(user=user, name=options["name"])
        role = user_role(user)
        if role is None:
            self.stderr.write(
                f"warning: {username!r} has no role yet, so the token sees nothing "
                "(create_user --role gives one)"
            )
        self.stdout.write(key)
        self.stderr.write(
            f"token {token.prefix}… for {username} ({role or 'no role'}); "
            "it is shown only now"
        )
