"""The inbox: what the monitored feeds brought, waiting for an analyst."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from incidents.access import role_required
from incidents.imports.feeds import WAITING, feed_item_dismiss
from incidents.models import Feed, FeedItem

PAGE_SIZE = 50


@role_required(permission="incidents.add_report")
@require_GET
def inbox(request):
    # ?aside=1: the items that name a city but propose no incident.
    aside = request.GET.get("aside") == "1"
    state = FeedItem.State.NO_EVENT if aside else FeedItem.State.INBOX
    items = (
        FeedItem.objects.filter(state=state)
        .select_related("feed")
        .order_by(F("published_at").desc(nulls_last=True), "-pk")
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    other = FeedItem.State.INBOX if aside else FeedItem.State.NO_EVENT
    return render(
        request,
        "incidents/inbox.html",
        {
            "page": page,
            "aside": aside,
            "other_count": FeedItem.objects.filter(state=other).count(),
            "feeds": Feed.objects.order_by("name"),
            "review_url": reverse("report-add"),
        },
    )


@role_required(permission="incidents.add_report")
@require_POST
def inbox_dismiss(request, pk: int):
    item = get_object_or_404(FeedItem, pk=pk, state__in=WAITING)
    aside = item.state == FeedItem.State.NO_EVENT
    feed_item_dismiss(item=item)
    messages.info(request, gettext("Dismissed: %(title)s") % {"title": item})
    return redirect(reverse("inbox") + ("?aside=1" if aside else ""))
