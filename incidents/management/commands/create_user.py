import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from incidents.access import Role
from incidents.accounts import user_role_set


class Command(BaseCommand):
    help = (
        "Create an account with a role (viewer, analyst or editor), or give an "
        "existing one that role. Prints a generated password unless --password is "
        "given."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--role", required=True, choices=[role.value for role in Role]
        )
        parser.add_argument("--password", help="default: generated and printed once")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        users = get_user_model()
        username, password = options["username"], options["password"]
        user = users.objects.filter(username=username).first()
        created = user is None
        if created:
            user = users(username=username, email=options["email"])
            if password is None:
                password = secrets.token_urlsafe(12)
        if password is not None:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            user.set_password(password)
        user.save()
        user_role_set(user=user, role=Role(options["role"]))
        action = "created" if created else "updated"
        shown = f" / {password}" if created or options["password"] else ""
        self.stdout.write(
            self.style.SUCCESS(f"{action} {username}{shown}: {options['role']}")
        )
