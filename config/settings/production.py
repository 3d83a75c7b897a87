"""Production: only tightens base. Everything secret or site-specific comes from the
environment (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, ...)."""

from config.env import env, env_bool, env_list
from config.settings.base import *  # noqa: F403

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS: on by default. Behind a proxy that ends TLS, set DJANGO_SECURE_PROXY_SSL=1 so
# Django trusts its X-Forwarded-Proto; a site served over plain HTTP on purpose (an
# intranet) sets DJANGO_SECURE_SSL_REDIRECT=0 and DJANGO_SECURE_HSTS_SECONDS=0.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
if env_bool("DJANGO_SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
