"""The inbox: what the monitored feeds brought, waiting for an analyst."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from incidents.access import role_required
from incidents.filters import whole_number
from incidents.imports.feeds import WAITING, feed_item_dismiss, feeds_with_waiting
from incidents.models import Feed, FeedItem

PAGE_SIZE = 50


@role_required(permission="incidents.add_report")
@require_GET
def inbox(request):
    # ?aside=1: the items that name a city but propose no incident.
    aside = request.GET.get("aside") == "1"
    # ?feed=N: one feed's items only.
    feed_id = request.GET.get("feed", "")
    if feed_id and whole_number(feed_id) is None:
        return HttpResponseBadRequest(
            gettext("feed: %(value)r is not a feed's number.") % {"value": feed_id}
        )
    feed = get_object_or_404(Feed, pk=feed_id) if feed_id else None
    waiting = FeedItem.objects.filter(feed=feed) if feed else FeedItem.objects.all()
    state = FeedItem.State.NO_EVENT if aside else FeedItem.State.INBOX
    items = (
        waiting.filter(state=state)
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
            "feed": feed,
            # The page's filters, kept by its links to other pages and states.
            "query": urlencode(_filters(aside=aside, feed=feed)),
            "other_query": urlencode(_filters(aside=not aside, feed=feed)),
            "other_count": waiting.filter(state=other).count(),
            "feeds": feeds_with_waiting().order_by("name"),
            "review_url": reverse("report-add"),
        },
    )


@role_required(permission="incidents.add_report")
@require_POST
def inbox_dismiss(request, pk: int):
    item = get_object_or_404(FeedItem, pk=pk, state__in=WAITING)
    aside = item.state == FeedItem.State.NO_EVENT
    if feed_item_dismiss(item=item):
        messages.info(request, gettext("Dismissed: %(title)s") % {"title": item})
    else:
        messages.warning(
            request,
            gettext("Not dismissed: %(title)s was reviewed or dismissed meanwhile.")
            % {"title": item},
        )
    # Back to the page the analyst was on: the same state, the same feed if one.
    feed = item.feed if request.POST.get("feed") == str(item.feed_id) else None
    query = urlencode(_filters(aside=aside, feed=feed))
    return redirect(reverse("inbox") + (f"?{query}" if query else ""))


def _filters(*, aside: bool, feed: Feed | None) -> dict[str, str]:
    return {
        **({"feed": str(feed.pk)} if feed else {}),
        **({"aside": "1"} if aside else {}),
    }
