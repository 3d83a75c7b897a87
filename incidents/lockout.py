"""The page django-axes shows a locked-out sign-in: it says when to try again."""

from axes.helpers import get_cool_off, get_failure_limit
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        # The lock runs from the last failed attempt, which is this one.
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
        "until": timezone.localtime() + cool_off if cool_off else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)
