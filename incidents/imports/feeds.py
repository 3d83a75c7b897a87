"""Monitored news sources: a feed polled, its new items fetched and run through
extraction into the inbox, where they wait for an analyst (never incidents until
one confirms them on the Add report page, never published by themselves).

Network I/O happens first, outside any transaction; the items and the feed's
state are written together at the end. A feed that fails (unreachable, too slow,
not a feed) records why and waits twice as long each time before it is polled
again (Feed.failures), so it never holds up the others, each being a task of its
own (incidents/tasks.py).
"""

import calendar
import contextlib
import datetime as dt
import hashlib
import http.client
import ipaddress
import logging
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from incidents.extraction import extract
from incidents.extraction.cities import CAPITAL, OUR_CITIES, city_mentions
from incidents.extraction.sentences import normalise
from incidents.filters import KYIV
from incidents.models import Feed, FeedItem, Source
from incidents.reports.files import article_text, html_to_text, printable
from incidents.reports.forms import REPORT_MAX_CHARS
from incidents.reports.services import report_find_duplicate, report_text_hash

logger = logging.getLogger(__name__)

USER_AGENT = "incident-map feed reader"
MAX_BYTES = 5 * 1024 * 1024
LONGEST_WAIT = dt.timedelta(hours=24)
# A poll reads article pages for this long at most (the task's soft limit is
# 300 s); later new items keep the feed's summary, with a note, and lose nothing.
ARTICLES_FOR_SECONDS = 180
# New items a poll takes at most, newest first; the rest wait for the next poll
# (the feed's validators are then not kept, so it answers in full again).
MAX_NEW_ITEMS = 50
# Shorter article texts are not compared by their text across feeds.
MIN_TEXT_TO_COMPARE = 200
# An entry dated earlier is taken as undated (a feed's placeholder, a typo).
EARLIEST_DATE = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
# Pages read as articles; another answer (an image, a PDF) leaves the summary.
ARTICLE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
# A poll owns its feed this long at most (the task's hard time limit, and some):
# "Poll now" or a second worker meanwhile leaves it alone.
POLL_LEASE = dt.timedelta(minutes=7)
# A heading that may concern a city without naming it: "the capital", a district.
_MAY_CONCERN = re.compile(
    r"(?<![\w-])(?:districts?|raions?|район\w*|р-н|metro|метро)(?![\w-])",
    re.IGNORECASE,
)


# The states an analyst may still review or dismiss.
WAITING = (FeedItem.State.INBOX, FeedItem.State.NO_EVENT)


class FeedError(Exception):
    """Why a feed or a page could not be read, in words for the admin."""


@dataclass(frozen=True)
class Fetched:
    status: int
    body: bytes
    etag: str
    last_modified: str
    content_type: str = ""


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only to another http(s) address that is not local or
    private: the check of the first address would mean nothing otherwise."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _PublicOnly:
    """A connection that checks the address it reached, not only the one its name
    had when checked: a name may answer otherwise the second time it is asked (DNS
    rebinding), and this is the address the request goes to. Checked as soon as
    the socket connects, before TLS or a byte of the request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # http.client's hook for opening the socket (socket.create_connection).
        self._create_connection = self._connect_public

    def _connect_public(self, address, *args, **kwargs):
        sock = socket.create_connection(address, *args, **kwargs)
        if not settings.FEEDS_ALLOW_PRIVATE_ADDRESSES:
            try:
                _refuse_local(self.host, sock.getpeername()[0])
            except FeedError:
                sock.close()
                raise
        return sock


class _PublicHTTPConnection(_PublicOnly, http.client.HTTPConnection):
    pass


class _PublicHTTPSConnection(_PublicOnly, http.client.HTTPSConnection):
    pass


def _proxied(request: urllib.request.Request) -> bool:
    """Whether the request goes through a proxy (set by the environment): then the
    proxy resolves the name, and the address reached is the proxy's own."""
    return request.has_proxy() or bool(request._tunnel_host)


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        if _proxied(req):
            return super().http_open(req)
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        if _proxied(req):
            return super().https_open(req)
        return self.do_open(
            _PublicHTTPSConnection,
            req,
            context=self._context,
            check_hostname=self._check_hostname,
        )


_opener = urllib.request.build_opener(
    _CheckedRedirects, _PublicHTTPHandler, _PublicHTTPSHandler
)


def http_get(
    url: str, *, etag: str = "", last_modified: str = "", until: float | None = None
) -> Fetched:
    """GET with a timeout on every wait and on the whole body (FEED_TIMEOUT_SECONDS,
    so a server that drips its answer is cut off too; and `until`, a
    time.monotonic() the whole GET ends by), a size cap and the validators of the
    last answer: a 304 is an empty Fetched."""
    _check_address(url)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = settings.FEED_TIMEOUT_SECONDS
    deadline = time.monotonic() + 3 * timeout
    if until is not None:
        deadline = min(deadline, until)
        timeout = min(timeout, max(deadline - time.monotonic(), 0.1))
    try:
        request = urllib.request.Request(url, headers=headers)
        with _opener.open(request, timeout=timeout) as response:
            body = _read_within(response, deadline=deadline)
            return Fetched(
                response.status,
                body,
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
                response.headers.get_content_type(),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304, b"", etag, last_modified)
        raise FeedError(f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise FeedError(f"no answer within {timeout:g} s (timed out)") from exc
        raise FeedError(f"unreachable: {reason}") from exc
    except (http.client.HTTPException, ValueError) as exc:
        raise FeedError(f"not a usable address or answer: {exc}") from exc


def _read_within(response, *, deadline: float) -> bytes:
    chunks, size = [], 0
    while chunk := response.read(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise FeedError(f"larger than {MAX_BYTES // 1024 // 1024} MB")
        if time.monotonic() > deadline:
            raise FeedError("the answer came too slowly (timed out)")
    return b"".join(chunks)


def _check_address(url: str) -> None:
    """Only http(s); and, unless FEEDS_ALLOW_PRIVATE_ADDRESSES, no loopback,
    private or link-local address: what a feed links to is not ours."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(f"{url[:200]!r} is not an http(s) address")
    if settings.FEEDS_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 80)
    except (OSError, UnicodeError, ValueError) as exc:
        raise FeedError(
            f"unreachable: {parts.hostname!r} has no address ({exc})"
        ) from exc
    for *_, address in found:
        _refuse_local(parts.hostname, address[0])


def _refuse_local(host: str, address: str) -> None:
    ip = ipaddress.ip_address(address.split("%")[0])  # no IPv6 scope
    if not ip.is_global:
        raise FeedError(f"refused: {host} is a local or private address ({ip})")


def names_our_cities(text: str) -> bool:
    """Whether text names Kyiv or Donetsk (in any case, in any of our languages)."""
    return any(m.city in OUR_CITIES for m in city_mentions(normalise(text)))


def may_concern_our_cities(heading: str) -> bool:
    """Whether a title and summary are worth reading the article for: they name
    one of our cities, "the capital", or a district or metro station somewhere."""
    text = normalise(heading)
    return (
        names_our_cities(text)
        or bool(CAPITAL.search(text))
        or bool(_MAY_CONCERN.search(text))
    )


def _published(entry) -> dt.datetime | None:
    """When the entry says it was published; None where it does not say, or says a
    date no news item has (before EARLIEST_DATE, or over a day ahead)."""
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if not when:
        return None
    try:
        moment = dt.datetime.fromtimestamp(calendar.timegm(when), tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None
    if not EARLIEST_DATE <= moment <= timezone.now() + dt.timedelta(days=1):
        return None
    return moment


def _guid(entry) -> str:
    guid = printable(entry.get("id") or entry.get("link") or "")
    if guid:
        return guid[:1000]
    words = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(words.encode()).hexdigest()


def _item(
    feed: Feed, entry, *, articles_until: float | None, seen: set[str]
) -> FeedItem:
    """One new entry as an item: its article read by `articles_until` (a
    time.monotonic(); None: the poll's time for articles is over), where it
    belongs decided. `seen`: the links and texts of this poll's earlier items, so
    a feed that lists an article twice yields one."""
    item = _entry_item(feed, entry)
    item.link = link = _article_address(feed, entry.get("link") or "")
    title, summary = item.title, html_to_text(entry.get("summary", ""))
    heading = f"{title}\n{summary}"
    if len(summary) > 200 and not may_concern_our_cities(heading):
        # A full summary that names neither city: its article is not read.
        item.state, item.text = FeedItem.State.ELSEWHERE, summary
        return item
    if link and _link_stored(link, seen):
        item.state, item.text = FeedItem.State.DUPLICATE, summary
        item.note = "Already stored as a report, or carried by another feed."
        return item
    text, note, read = summary, "", False
    if link and articles_until is not None:
        try:
            page = http_get(link, until=articles_until)
            if page.content_type not in ARTICLE_TYPES:
                raise FeedError(f"not an article page: {page.content_type}")
            # The bytes: trafilatura reads the page's own charset (cp1251, …).
            text, read = article_text(page.body, url=link), True
        except FeedError as exc:
            note = f"The article could not be read ({exc}); the feed's summary stands."
    elif link:
        note = "Not read: this poll's time for articles was over; the summary stands."
    # Known by the article's own text: another outlet's headline on the same text
    # is the same report. Not by a summary or a page too short to tell apart
    # (an empty one, a consent wall).
    known_by_text = read and len(text) >= MIN_TEXT_TO_COMPARE
    item.text_hash = report_text_hash(text) if known_by_text else ""
    item.note = note
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"  # extraction reads the headline too
    item.text = text[:REPORT_MAX_CHARS]
    if _already_stored(item, seen):
        item.state = FeedItem.State.DUPLICATE
        item.note = "Already stored as a report, or carried by another feed."
        return item
    seen.update(filter(None, (link, item.text_hash)))
    day = (item.published_at or timezone.now()).astimezone(KYIV).date()
    # What extraction proposes decides, not a city's name alone: "a drone hit
    # Obolon" is for the inbox; "Kyiv's envoy in Warsaw" waits aside, on request.
    extraction = extract(item.text, published=day)
    proposed = [p for p in extraction.incidents if p.city in OUR_CITIES]
    item.proposals = len(proposed)
    if proposed or extraction.city_totals:
        item.state = FeedItem.State.INBOX
    elif names_our_cities(item.text):
        item.state = FeedItem.State.NO_EVENT
    else:
        item.state = FeedItem.State.ELSEWHERE
    return item


def _link_stored(link: str, seen: set[str]) -> bool:
    return (
        link in seen
        or FeedItem.objects.filter(link=link).exists()
        or Source.objects.filter(url=link).exists()
    )


def _already_stored(item: FeedItem, seen: set[str]) -> bool:
    """The same text in this poll, in another feed's item or in a stored report."""
    if report_find_duplicate(text=item.text) is not None:
        return True
    return bool(item.text_hash) and (
        item.text_hash in seen
        or FeedItem.objects.filter(text_hash=item.text_hash).exists()
    )


def _article_address(feed: Feed, link: str) -> str:
    """The entry's link made absolute against the feed's address, as a URI; none
    where it is not an http(s) address (a "javascript:" link, a bare GUID) or is
    too long to store."""
    link = iri_to_uri(urllib.parse.urljoin(feed.url, link.strip()))
    parts = urllib.parse.urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > 1000:
        return ""
    return link


@dataclass
class PollResult:
    changed: bool = False  # False: the feed answered 304
    new_items: int = 0
    inbox: int = 0
    error: str = ""


def feed_poll(*, feed_id: int) -> PollResult:
    started = time.monotonic()
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        logger.info("Feed %s is gone; nothing to poll.", feed_id)
        return PollResult()
    if not _lease(feed):
        logger.info("Feed %s is being polled already.", feed_id)
        return PollResult(error="being polled already")
    try:
        fetched = http_get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        result = PollResult(changed=fetched.status != 304)
        items, complete = (
            _new_items(feed, fetched, articles_until=started + ARTICLES_FOR_SECONDS)
            if result.changed
            else ([], True)
        )
        _store(feed, fetched, items, complete=complete, result=result)
    except FeedError as exc:
        _failed(feed, str(exc))
        return PollResult(error=str(exc))
    except Exception as exc:  # a bug, the task's time limit: the feed says so
        logger.exception("Feed %s (%s) failed", feed.pk, feed.url)
        error = f"{type(exc).__name__}: {exc}"
        _failed(feed, error)
        return PollResult(error=error)
    return result


def _lease(feed: Feed) -> bool:
    """The feed, taken for this poll unless another holds it."""
    now = timezone.now()
    return bool(
        Feed.objects.filter(pk=feed.pk)
        .filter(Q(polling_until__isnull=True) | Q(polling_until__lt=now))
        .update(polling_until=now + POLL_LEASE)
    )


@transaction.atomic
def _store(
    feed: Feed,
    fetched: Fetched,
    items: list[FeedItem],
    *,
    complete: bool,
    result: PollResult,
) -> None:
    """The new items stored and counted, the feed's success recorded, its lease
    given back."""
    _new_items_lock()
    for item in items:
        if item.state in WAITING and _stored_meanwhile(item):
            # Another feed's poll stored the same article while this one read it.
            item.state = FeedItem.State.DUPLICATE
            item.note = "Already stored as a report, or carried by another feed."
    stored = set(
        FeedItem.objects.filter(
            feed=feed, guid__in=[item.guid for item in items]
        ).values_list("guid", flat=True)
    )
    items = [item for item in items if item.guid not in stored]
    # ignore_conflicts: a poll whose lease ran out may have stored one.
    FeedItem.objects.bulk_create(items, ignore_conflicts=True)
    result.new_items = len(items)
    result.inbox = sum(item.state == FeedItem.State.INBOX for item in items)
    now = timezone.now()
    Feed.objects.filter(pk=feed.pk).update(
        # Items left for the next poll: it must get the whole feed again.
        etag=fetched.etag[:300] if complete else "",
        last_modified=fetched.last_modified[:100] if complete else "",
        last_polled_at=now,
        last_success_at=now,
        failures=0,
        next_poll_at=now + _interval(feed.poll_minutes),
        polling_until=None,
        items_seen=F("items_seen") + result.new_items,
        items_in_inbox=F("items_in_inbox") + result.inbox,
    )


def _new_items_lock() -> None:
    """One poll at a time stores its items (on PostgreSQL; SQLite has one writer
    anyway), so that two feeds carrying the same article store it once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('feed-items'))")


def _stored_meanwhile(item: FeedItem) -> bool:
    if item.link and _link_stored(item.link, set()):
        return True
    return bool(item.text_hash) and (
        FeedItem.objects.filter(text_hash=item.text_hash).exists()
    )


def _new_items(
    feed: Feed, fetched: Fetched, *, articles_until: float
) -> tuple[list[FeedItem], bool]:
    """The feed's new entries as items, newest first, MAX_NEW_ITEMS at most, their
    articles read until `articles_until` (a time.monotonic()); and whether that
    was all of them."""
    import feedparser

    parsed = feedparser.parse(fetched.body)
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception") or "no channel or feed element"
        raise FeedError(f"not an RSS or Atom feed ({why})")
    entries = {_guid(entry): entry for entry in parsed.entries}
    known = set(
        FeedItem.objects.filter(feed=feed, guid__in=list(entries)).values_list(
            "guid", flat=True
        )
    )
    new = [entry for guid, entry in entries.items() if guid not in known]
    # Newest first; undated entries first too, in the feed's own order.
    undated = dt.datetime.max.replace(tzinfo=dt.UTC)
    new.sort(key=lambda entry: _published(entry) or undated, reverse=True)
    seen: set[str] = set()
    items = []
    for entry in new[:MAX_NEW_ITEMS]:
        # Articles are read while a second is left of their time.
        reading = time.monotonic() < articles_until - 1
        try:
            items.append(
                _item_or_note(
                    feed,
                    entry,
                    articles_until=articles_until if reading else None,
                    seen=seen,
                )
            )
        except SoftTimeLimitExceeded:
            # The task's time is up: what was read is kept, the rest next time.
            logger.warning("Feed %s: time limit; %s items kept.", feed.pk, len(items))
            return items, False
    return items, len(new) <= MAX_NEW_ITEMS


def _item_or_note(feed: Feed, entry, **kwargs) -> FeedItem:
    """One entry that cannot be read as the others (a bug, an odd link) still
    reaches the inbox, with the summary and why, instead of stopping the feed."""
    try:
        return _item(feed, entry, **kwargs)
    except (FeedError, SoftTimeLimitExceeded):
        raise  # the feed's own failure, or the task's time: the whole poll's
    except Exception as exc:
        item = _entry_item(feed, entry)
        logger.exception("Feed %s: entry %r could not be read", feed.pk, item.guid)
        with contextlib.suppress(Exception):
            item.link = _article_address(feed, entry.get("link") or "")
        item.text = html_to_text(entry.get("summary", ""))
        item.state = FeedItem.State.INBOX
        item.note = (
            f"This entry could not be read ({type(exc).__name__}: {exc}); "
            "open it from the feed."
        )
        return item


def _entry_item(feed: Feed, entry) -> FeedItem:
    """An item with what the entry itself says: its GUID, title and date."""
    return FeedItem(
        feed=feed,
        guid=_guid(entry),
        title=html_to_text(entry.get("title", ""))[:500],
        published_at=_published(entry),
    )


def _interval(minutes: int) -> dt.timedelta:
    # A minute at least: a feed stored with 0 before the form said so.
    return dt.timedelta(minutes=max(minutes, 1))


def _failed(feed: Feed, error: str) -> None:
    error = printable(error)
    now = timezone.now()
    wait = min(
        _interval(feed.poll_minutes) * 2 ** min(feed.failures + 1, 10),
        LONGEST_WAIT,
    )
    logger.warning("Feed %s (%s): %s; next try in %s", feed.pk, feed.url, error, wait)
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now,
        last_error=error,
        last_error_at=now,
        failures=F("failures") + 1,
        next_poll_at=now + wait,
        polling_until=None,
    )


def feeds_due_claim(now: dt.datetime | None = None) -> list[int]:
    """The enabled feeds due for a poll, each claimed until its next turn, so a
    slow poll is not enqueued twice."""
    now = now or timezone.now()
    due = (
        Feed.objects.filter(enabled=True)
        .exclude(next_poll_at__gt=now)
        .values_list("pk", "poll_minutes")
    )
    claimed = []
    for pk, minutes in list(due):
        # Claimed only if still due: two beats at once enqueue it once.
        if (
            Feed.objects.filter(pk=pk)
            .exclude(next_poll_at__gt=now)
            .update(next_poll_at=now + _interval(minutes))
        ):
            claimed.append(pk)
    return claimed


def feeds_with_waiting(feeds: QuerySet | None = None) -> QuerySet:
    """The feeds, each with `waiting`: its items in the inbox now."""
    feeds = Feed.objects.all() if feeds is None else feeds
    return feeds.annotate(
        waiting=Count("items", filter=Q(items__state=FeedItem.State.INBOX))
    )


def feed_items_reviewed(*, source, item_id: int | None = None) -> int:
    """The inbox item reviewed (and any other waiting one of the same address):
    reviewed now, linked to the report stored."""
    match = Q(pk=item_id) if item_id else Q(pk__in=[])
    if source.url:
        match |= Q(link=source.url)
    items = FeedItem.objects.filter(match, state__in=WAITING)
    return items.update(state=FeedItem.State.REVIEWED, source=source)


def feed_item_report(item: FeedItem) -> dict:
    """The Add report form's fields for an inbox item."""
    published = item.published_at or item.created_at
    return {
        "text": item.text,
        "url": item.link,
        "published": published.astimezone(KYIV).date().isoformat(),
        "outlet": item.feed.name,
        "title": item.title,
        "inbox_item": item.pk,
    }


def feed_item_dismiss(*, item: FeedItem) -> bool:
    """Dismissed if still waiting; False where it was reviewed or dismissed
    meanwhile (in another tab, by a colleague)."""
    dismissed = FeedItem.objects.filter(pk=item.pk, state__in=WAITING).update(
        state=FeedItem.State.DISMISSED
    )
    return bool(dismissed)
