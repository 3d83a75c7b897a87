import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the admin user if missing and print its credentials. Takes "
        "ADMIN_USERNAME / ADMIN_PASSWORD from the environment, otherwise generates a "
        "password once and keeps it in var/admin-credentials.txt."
    )

    def handle(self, *args, **options):
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD")
        saved = settings.VAR_DIR / "admin-credentials.txt"
        if password is None and saved.exists():
            saved_user, _, saved_password = saved.read_text().strip().partition(":")
            if saved_user == username:
                password = saved_password
        if password is None:
            password = secrets.token_urlsafe(12)
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_text(f"{username}:{password}\n")
            saved.chmod(0o600)
        users = get_user_model()
        user = users.objects.filter(username=username).first()
        if user is None:
            users.objects.create_superuser(username=username, password=password)
            action = "created"
        elif not user.check_password(password):
            self.stdout.write(
                f"Admin user {username!r} exists with another password; left as it is."
            )
            return
        else:
            action = "exists"
        self.stdout.write(
            self.style.SUCCESS(f"Admin user {action}: {username} / {password}")
        )
