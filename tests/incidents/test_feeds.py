"""Monitored feeds against a local HTTP server that answers like news sites: an RSS
feed with ETags, an Atom feed, article pages with menus, a feed that hangs and
one that returns garbage. New articles about Kyiv or Donetsk reach the inbox as
proposals; a second poll adds nothing; a failing feed backs off alone."""

import contextlib
import datetime as dt
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from incidents.imports.feeds import feed_poll, feeds_due_claim
from incidents.models import Feed, FeedItem, Incident
from tests.factories import UserFactory
from tests.incidents.test_report_page import _save_data
from tests.pipeline import wait_until

pytestmark = pytest.mark.django_db

MENU = (
    "<nav><ul><li>Home</li><li>Politics</li><li>War</li></ul></nav>"
    "<aside>Subscribe to our newsletter! Subscribe now.</aside>"
)


def _page(headline: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{headline}</title></head><body>{MENU}"
        f"<article><h1>{headline}</h1>{body}</article>"
        "<footer>© News site. Subscribe. Contacts. Advertising.</footer></body></html>"
    ).encode()


ARTICLES = {
    "/articles/kyiv.html": _page(
        "Drone hits a house in Kyiv",
        "Overnight on 3 December, a Russian drone hit a residential building in "
        "the Obolonskyi district of Kyiv.",
        "Two people were injured, the city's military administration said. Rescuers "
        "worked at the scene until the morning, and the damaged flats were sealed.",
    ),
    "/articles/donetsk.html": _page(
        "Shelling in Donetsk",
        "On 2 December shelling hit the Kyivskyi district of Donetsk, killing one "
        "civilian and injuring three, the city administration said.",
        "Windows were blown out in several apartment buildings nearby.",
    ),
    "/articles/atom.html": _page(
        "Missile debris falls in Kyiv",
        "On 4 December missile debris fell in the Darnytskyi district of Kyiv; one "
        "man was injured, the city's military administration said.",
    ),
    "/articles/lviv.html": _page("Lviv", "A concert took place in Lviv."),
    # Ukrainian, and the city only as "the capital" and a district.
    "/articles/obolon.html": _page(
        "Уламки дрона впали в Оболонському районі",
        "Вночі 5 грудня уламки збитого дрона впали на подвір'я житлового будинку "
        "в Оболонському районі столиці, повідомили в міській військовій "
        "адміністрації.",
        "Постраждала одна людина, її госпіталізовано.",
    ),
    # Russian: Donetsk by name, in its cases.
    "/articles/donetsk-ru.html": _page(
        "Обстрел Донецка",
        "6 декабря в результате обстрела Калининского района Донецка погибли два "
        "мирных жителя, ещё четверо ранены, сообщили городские власти.",
        "В нескольких многоэтажных домах выбиты окна, повреждена линия "
        "электропередачи; аварийные службы работают на месте.",
    ),
    # Kyiv named, but nothing happened there.
    "/articles/envoy.html": _page(
        "An envoy in Warsaw",
        "Kyiv's envoy met Polish officials in Warsaw to discuss grain exports and "
        "the next round of talks on the border crossings.",
    ),
}

LVIV_SUMMARY = (
    "The city of Lviv opened its winter fair on the main square this weekend, with "
    "stalls of crafts, mulled wine and music every evening until the end of the "
    "month; the organisers expect more visitors than last year."
)


def _rss(base: str, extra=()) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<guid>{base}{path}</guid><description>{summary}</description>"
        f"<pubDate>{day} Dec 2025 06:00:00 +0200</pubDate></item>"
        for title, path, summary, day in [
            (
                "Drone hits a house in Kyiv",
                "/articles/kyiv.html",
                "Overnight attack",
                3,
            ),
            ("Shelling in Donetsk", "/articles/donetsk.html", "", 2),
            ("Winter fair", "/articles/lviv.html", LVIV_SUMMARY, 1),
            *extra,
        ]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>News</title><link>{base}</link>{items}</channel></rss>"
    ).encode()


def _odd_entries(base: str) -> bytes:
    """A photo's entry with a NUL in its title (feedparser keeps it), and an entry
    dated in the year 9999."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Odd</title><link>{base}</link>"
        "<item><title>Photo: drone damage in Kyiv\x00</title>"
        f"<link>{base}/photo.png</link><guid>photo</guid>"
        "<pubDate>Wed, 03 Dec 2025 06:00:00 +0200</pubDate></item>"
        "<item><title>Shelling in Donetsk</title>"
        f"<link>{base}/articles/donetsk.html</link><guid>far</guid>"
        "<pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate></item>"
        "</channel></rss>"
    ).encode()


def _slow(base: str) -> bytes:
    """Articles that take 5 s each to answer."""
    items = "".join(
        f"<item><title>Drone debris in Kyiv ({n})</title>"
        f"<link>{base}/articles/slow-{n}.html</link><guid>slow-{n}</guid>"
        f"<pubDate>0{n} Dec 2025 06:00:00 +0200</pubDate></item>"
        for n in (3, 2, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Slow</title><link>{base}</link>{items}</channel></rss>"
    ).encode()


LANGUAGES = [
    ("Уламки дрона впали в Оболонському районі", "/articles/obolon.html", "", 5),
    ("Обстрел Донецка", "/articles/donetsk-ru.html", "", 6),
    ("An envoy in Warsaw", "/articles/envoy.html", "", 6),
    # The same article again, under another title and address: known by its text.
    ("Обстрел Донецка (обновлено)", "/articles/donetsk-ru.html?utm=rss", "", 6),
]


def _atom(base: str) -> bytes:
    entries = "".join(
        f"<entry><title>{title}</title><id>{guid}</id>"
        f'<link href="{base}{path}"/><updated>2025-12-04T07:00:00Z</updated>'
        "<summary>From our correspondent</summary></entry>"
        for title, guid, path in [
            ("Missile debris falls in Kyiv", "urn:atom:1", "/articles/atom.html"),
            # Another outlet's copy of an article the RSS feed already carried.
            ("Drone in Kyiv", "urn:atom:2", "/articles/kyiv.html"),
        ]
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        f"<id>urn:wire</id><updated>2025-12-04T07:00:00Z</updated>{entries}</feed>"
    ).encode()


def _channel(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>News</title><link>/</link>{items}</channel></rss>"
    ).encode()


def _odd_links() -> bytes:
    """Links as real feeds carry them: relative, Cyrillic, a script, a bare GUID;
    and articles that cannot be read, with no summary."""
    links = {
        "relative": "/articles/kyiv.html",
        "cyrillic": "/articles/новини.html",
        "script": "javascript:alert(1)",
        "missing-1": "/articles/gone-1.html",
        "missing-2": "/articles/gone-2.html",
    }
    return _channel(
        "".join(
            f"<item><title>Drone over Kyiv ({name})</title><link>{link}</link>"
            f"<guid isPermaLink='false'>{name}</guid>"
            "<pubDate>3 Dec 2025 06:00:00 +0200</pubDate></item>"
            for name, link in links.items()
        )
    )


def _many(base: str) -> bytes:
    return _channel(
        "".join(
            f"<item><title>Item {n}</title><link>{base}/gone/{n}</link>"
            f"<guid>{base}/gone/{n}</guid><description>Lviv, item {n}</description>"
            f"<pubDate>{1 + n % 28} Nov 2025 {n % 24:02d}:00:00 +0000</pubDate></item>"
            for n in range(60)
        )
    )


class _Site(BaseHTTPRequestHandler):
    requests: Counter = Counter()

    def log_message(self, *args):
        pass

    def do_GET(self):
        type(self).requests[self.path] += 1
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/hang":
            time.sleep(3)
            return self._send(200, b"<rss/>", "application/rss+xml")
        if self.path == "/garbage":
            return self._send(200, b"\x00\x01<<<not a feed>>> {", "text/html")
        if self.path == "/rss.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                return self._send(304, b"", "application/rss+xml")
            return self._send(200, _rss(base), "application/rss+xml", etag='"v1"')
        if self.path == "/languages.xml":
            return self._send(200, _rss(base, LANGUAGES), "application/rss+xml")
        if self.path == "/redirect-file":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/feed.xml")
            self.end_headers()
            return None
        if self.path == "/odd.xml":
            return self._send(200, _odd_links(), "application/rss+xml")
        if self.path.startswith("/many.xml"):
            return self._send(200, _many(base), "application/rss+xml", etag='"m"')
        if self.path == "/atom.xml":  # no validators: every poll gets it all
            return self._send(200, _atom(base), "application/atom+xml")
        if self.path == "/odd-entries.xml":
            return self._send(200, _odd_entries(base), "application/rss+xml")
        if self.path == "/slow.xml":
            return self._send(200, _slow(base), "application/rss+xml")
        if self.path == "/photo.png":
            return self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png")
        if self.path.startswith("/articles/slow"):
            time.sleep(5)
            return self._send(200, ARTICLES["/articles/kyiv.html"], "text/html")
        path = self.path.split("?")[0]
        if path in ARTICLES:
            return self._send(200, ARTICLES[path], "text/html; charset=utf-8")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str, etag: str = ""):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            # The hanging feed's reader has given up and closed the connection.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


@pytest.fixture
def site(settings):
    settings.FEED_TIMEOUT_SECONDS = 1
    _Site.requests = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _feed(site: str, path: str, name: str = "") -> Feed:
    return Feed.objects.create(name=name or path, url=site + path)


def _inbox() -> dict[str, FeedItem]:
    return {i.title: i for i in FeedItem.objects.filter(state=FeedItem.State.INBOX)}


def test_new_articles_reach_the_inbox_and_a_second_poll_adds_nothing(site):
    feed = _feed(site, "/rss.xml")
    result = feed_poll(feed_id=feed.pk)
    assert (result.new_items, result.inbox, result.error) == (3, 2, "")
    inbox = _inbox()
    assert set(inbox) == {"Drone hits a house in Kyiv", "Shelling in Donetsk"}
    kyiv = inbox["Drone hits a house in Kyiv"]
    assert kyiv.proposals >= 1 and inbox["Shelling in Donetsk"].proposals >= 1
    assert "Obolonskyi district of Kyiv" in kyiv.text
    # The article's text, not the page's menus and calls to subscribe.
    assert "Subscribe" not in kyiv.text and "Politics" not in kyiv.text
    assert kyiv.published_at == dt.datetime(2025, 12, 3, 4, 0, tzinfo=dt.UTC)
    lviv = FeedItem.objects.get(title="Winter fair")
    assert lviv.state == FeedItem.State.ELSEWHERE
    assert _Site.requests["/articles/lviv.html"] == 0  # never fetched
    assert not Incident.objects.exists()  # proposals, never incidents by themselves
    feed.refresh_from_db()
    assert (feed.items_seen, feed.items_in_inbox, feed.etag) == (3, 2, '"v1"')
    assert feed.last_success_at is not None and feed.failures == 0

    again = feed_poll(feed_id=feed.pk)
    assert (again.changed, again.new_items) == (False, 0)  # a 304
    assert FeedItem.objects.count() == 3
    assert _Site.requests["/articles/kyiv.html"] == 1


def test_atom_and_an_article_another_feed_carried(site):
    feed_poll(feed_id=_feed(site, "/rss.xml").pk)
    atom = _feed(site, "/atom.xml")
    assert feed_poll(feed_id=atom.pk).inbox == 1
    copy = FeedItem.objects.get(guid="urn:atom:2")
    assert copy.state == FeedItem.State.DUPLICATE
    assert "Missile debris falls in Kyiv" in _inbox()
    # No validators from this server: the items themselves are known.
    assert feed_poll(feed_id=atom.pk).new_items == 0
    assert FeedItem.objects.filter(feed=atom).count() == 2


def test_a_hanging_feed_and_garbage_fail_alone_and_back_off(site):
    hanging = _feed(site, "/hang")
    garbage = _feed(site, "/garbage")
    good = _feed(site, "/rss.xml")
    started = time.monotonic()
    assert set(feeds_due_claim()) == {hanging.pk, garbage.pk, good.pk}
    results = {f.pk: feed_poll(feed_id=f.pk) for f in (hanging, garbage, good)}
    assert time.monotonic() - started < 10
    assert "timed out" in results[hanging.pk].error
    assert "not an RSS or Atom feed" in results[garbage.pk].error
    assert results[good.pk].inbox == 2
    hanging.refresh_from_db()
    assert hanging.failures == 1 and "timed out" in hanging.last_error
    first_wait = hanging.next_poll_at - hanging.last_error_at
    assert first_wait >= dt.timedelta(minutes=2 * hanging.poll_minutes) - dt.timedelta(
        seconds=1
    )
    # Not due again until its wait is over; the good feed waits its interval.
    assert feeds_due_claim() == []
    feed_poll(feed_id=hanging.pk)
    hanging.refresh_from_db()
    assert hanging.failures == 2
    assert hanging.next_poll_at - hanging.last_error_at > first_wait
    later = timezone.now() + dt.timedelta(days=2)
    assert set(feeds_due_claim(later)) == {hanging.pk, garbage.pk, good.pk}


def test_articles_in_ukrainian_and_russian_and_a_city_named_in_passing(site):
    result = feed_poll(feed_id=_feed(site, "/languages.xml").pk)
    assert result.new_items == 3 + 4
    inbox = _inbox()
    # Kyiv only as "the capital" with a district; Donetsk in Russian.
    obolon = inbox["Уламки дрона впали в Оболонському районі"]
    assert obolon.proposals == 1
    assert inbox["Обстрел Донецка"].proposals == 1
    # Named, but extraction proposes nothing: aside, on request.
    envoy = FeedItem.objects.get(title="An envoy in Warsaw")
    assert (envoy.state, envoy.proposals) == (FeedItem.State.NO_EVENT, 0)
    again = FeedItem.objects.get(title="Обстрел Донецка (обновлено)")
    assert again.state == FeedItem.State.DUPLICATE
    assert result.inbox == 4
    assert len(_inbox()) == 4


@pytest.mark.pipeline
def test_a_real_worker_polls_the_due_feeds_into_the_inbox(site, worker):
    from incidents.tasks import feeds_poll_due_task

    good, garbage = _feed(site, "/rss.xml"), _feed(site, "/garbage")
    feeds_poll_due_task.delay()
    wait_until(lambda: len(_inbox()) == 2, timeout=60)
    # The garbage feed failed in a task of its own, and waits.
    wait_until(lambda: Feed.objects.get(pk=garbage.pk).failures == 1, timeout=30)
    good.refresh_from_db()
    assert good.items_in_inbox == 2 and good.next_poll_at > timezone.now()


def test_the_worker_polls_on_beats_schedule():
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["poll-due-feeds"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert "incidents.tasks.feed_poll_task" in app.tasks


def test_the_inbox_page_review_and_dismiss(site, client):
    feed_poll(feed_id=_feed(site, "/rss.xml", name="Kyiv News").pk)
    client.force_login(UserFactory(role="analyst", is_staff=True))
    page = client.get(reverse("inbox"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Drone hits a house in Kyiv" in body and "Winter fair" not in body
    kyiv = _inbox()["Drone hits a house in Kyiv"]
    # Review opens the proposals themselves, the article and its source filled in.
    review = client.get(reverse("report-add"), {"item": kyiv.pk})
    assert review.status_code == 200
    assert len(review.context["formset"].forms) == kyiv.proposals
    form = review.context["form"]
    assert form["url"].value() == kyiv.link and form["outlet"].value() == "Kyiv News"
    assert form["published"].value() == "2025-12-03"
    saved = client.post(reverse("report-add"), _save_data(review))
    assert saved.status_code == 302
    kyiv.refresh_from_db()
    assert kyiv.state == FeedItem.State.REVIEWED and kyiv.source is not None
    assert Incident.objects.filter(sources=kyiv.source).exists()
    assert "inbox-aside" not in body  # nothing aside
    donetsk = _inbox()["Shelling in Donetsk"]
    client.post(reverse("inbox-dismiss", args=[donetsk.pk]))
    donetsk.refresh_from_db()
    assert donetsk.state == FeedItem.State.DISMISSED
    assert "inbox-empty" in client.get(reverse("inbox")).content.decode()
    client.force_login(UserFactory(role="viewer"))
    assert client.get(reverse("inbox")).status_code == 403


def test_the_inbox_shows_one_feed_when_asked_and_keeps_to_it(site, client):
    rss = _feed(site, "/rss.xml", name="Kyiv News")
    atom = _feed(site, "/atom.xml", name="Atom Daily")
    for feed in (rss, atom):
        feed_poll(feed_id=feed.pk)
    client.force_login(UserFactory(role="analyst", is_staff=True))
    everything = client.get(reverse("inbox")).content.decode()
    assert f'href="?feed={atom.pk}"' in everything
    assert "Missile debris falls in Kyiv" in everything
    assert "Drone hits a house in Kyiv" in everything
    page = client.get(reverse("inbox"), {"feed": atom.pk})
    body = page.content.decode()
    assert [i.feed for i in page.context["page"]] == [atom]
    assert "Only the articles of Atom Daily." in body
    assert "Drone hits a house in Kyiv" not in body
    # Dismissing goes back to the same feed's items.
    (item,) = page.context["page"]
    dismissed = client.post(reverse("inbox-dismiss", args=[item.pk]), {"feed": atom.pk})
    assert dismissed["Location"] == f"{reverse('inbox')}?feed={atom.pk}"
    assert "inbox-empty" in client.get(dismissed["Location"]).content.decode()
    refused = client.get(reverse("inbox"), {"feed": "atom"})
    assert refused.status_code == 400
    assert "'atom' is not a feed's number" in refused.content.decode()
    assert client.get(reverse("inbox"), {"feed": "²"}).status_code == 400
    assert client.get(reverse("inbox"), {"feed": 10**9}).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://localhost/feed",
        "http://10.1.2.3/rss",
        "http://[::1]/rss",
        "http://169.254.169.254/latest",
    ],
)
def test_a_feed_or_article_on_a_private_address_is_refused(settings, url):
    """What a feed links to is not ours: the machine's Redis, an intranet."""
    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    feed = Feed.objects.create(name="Inside", url=url)
    result = feed_poll(feed_id=feed.pk)
    assert result.error.startswith("refused: ") and "private address" in result.error
    feed.refresh_from_db()
    assert feed.failures == 1 and feed.last_error == result.error


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_name_that_answers_otherwise_when_connecting_is_refused(
    scheme, settings, monkeypatch
):
    """DNS rebinding: the name is public when checked and local when connected to;
    the address reached is checked, and not a byte is sent to it (no request, no
    TLS greeting)."""
    import socket

    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    resolve, asked = socket.getaddrinfo, []

    def rebinding(host, port, *args, **kwargs):
        if host != "news.example":
            return resolve(host, port, *args, **kwargs)
        asked.append(host)
        address = "93.184.215.14" if len(asked) == 1 else "127.0.0.1"
        return resolve(address, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    received = []

    def listen():
        with contextlib.suppress(OSError):
            peer, _ = listener.accept()
            with peer:
                peer.settimeout(2)
                received.append(peer.recv(1024))

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    feed = Feed.objects.create(name="Rebinding", url=f"{scheme}://news.example:{port}/")
    result = feed_poll(feed_id=feed.pk)
    thread.join(timeout=10)
    listener.close()
    assert len(asked) == 2  # checked, then connected to
    assert result.error == (
        "refused: news.example is a local or private address (127.0.0.1)"
    )
    assert received == [b""]  # connected to, and closed at once


def test_a_redirect_is_followed_only_to_an_http_address(site):
    feed = _feed(site, "/redirect-file")
    assert "is not an http(s) address" in feed_poll(feed_id=feed.pk).error


def test_odd_links_are_made_absolute_or_dropped_and_unread_articles_stay_apart(site):
    feed = _feed(site, "/odd.xml")
    assert feed_poll(feed_id=feed.pk).error == ""
    items = {i.guid: i for i in FeedItem.objects.filter(feed=feed)}
    assert items["relative"].link == site + "/articles/kyiv.html"
    assert items["relative"].state == FeedItem.State.INBOX
    assert items["cyrillic"].link == (
        site + "/articles/%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8.html"
    )
    assert items["script"].link == ""
    # Two articles that could not be read, no summary: not each other's copy.
    for name in ("missing-1", "missing-2"):
        assert items[name].state != FeedItem.State.DUPLICATE
        assert "could not be read (HTTP 404" in items[name].note
    # Review opens on every item in the inbox, whatever its link was.
    from django.test import Client

    client = Client()
    client.force_login(UserFactory(role="analyst", is_staff=True))
    for item in FeedItem.objects.filter(feed=feed, state=FeedItem.State.INBOX):
        review = client.get(reverse("report-add"), {"item": item.pk})
        assert review.status_code == 200, review.content[:500]


def test_a_long_feed_is_taken_newest_first_and_the_rest_next_time(site):
    feed = _feed(site, "/many.xml")
    assert feed_poll(feed_id=feed.pk).new_items == 50
    feed.refresh_from_db()
    assert feed.etag == ""  # the next poll asks for the whole feed again
    taken = list(FeedItem.objects.filter(feed=feed))
    oldest_taken = min(i.published_at for i in taken)
    assert oldest_taken >= dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    assert feed_poll(feed_id=feed.pk).new_items == 10
    feed.refresh_from_db()
    assert feed.etag == '"m"' and FeedItem.objects.filter(feed=feed).count() == 60
    assert (
        max(
            i.published_at
            for i in FeedItem.objects.filter(feed=feed).exclude(
                pk__in=[i.pk for i in taken]
            )
        )
        <= oldest_taken
    )


def test_a_binary_page_and_an_impossible_date_neither_stop_a_feed_nor_the_inbox(
    site, client
):
    feed = _feed(site, "/odd-entries.xml")
    assert feed_poll(feed_id=feed.pk).error == ""
    photo = FeedItem.objects.get(guid="photo")
    # Stored (PostgreSQL refuses a NUL in text), the summary kept, and why.
    assert photo.title == "Photo: drone damage in Kyiv"
    assert "not an article page: image/png" in photo.note
    assert "\x00" not in photo.text
    far = FeedItem.objects.get(guid="far")
    assert far.published_at is None and far.state == FeedItem.State.INBOX
    client.force_login(UserFactory(role="analyst", is_staff=True))
    assert client.get(reverse("inbox")).status_code == 200
    assert client.get(reverse("report-add"), {"item": far.pk}).status_code == 200


def test_articles_are_read_within_the_polls_time_however_slow(
    site, settings, monkeypatch
):
    from incidents.imports import feeds

    settings.FEED_TIMEOUT_SECONDS = 10  # longer than the poll's time for articles
    monkeypatch.setattr(feeds, "ARTICLES_FOR_SECONDS", 2)
    feed = _feed(site, "/slow.xml")
    started = time.monotonic()
    result = feed_poll(feed_id=feed.pk)
    assert time.monotonic() - started < 4.5  # not 5 s per article
    assert (result.error, result.new_items) == ("", 3)
    notes = [i.note for i in FeedItem.objects.filter(feed=feed).order_by("guid")]
    assert "could not be read" in notes[2]  # slow-3, the newest: cut off
    assert all("time for articles was over" in note for note in notes[:2])


def test_the_task_time_limit_keeps_what_was_read(site, settings):
    """Celery's soft limit, as the worker raises it: from a signal handler, here
    while the second slow article is read."""
    import signal

    from celery.exceptions import SoftTimeLimitExceeded

    def out_of_time(*_):
        raise SoftTimeLimitExceeded()

    settings.FEED_TIMEOUT_SECONDS = 10
    feed = _feed(site, "/slow.xml")
    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, 6.5)  # the first article takes 5 s
    try:
        result = feed_poll(feed_id=feed.pk)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert (result.error, result.new_items) == ("", 1)
    (kept,) = FeedItem.objects.filter(feed=feed)
    assert kept.guid == "slow-3" and kept.note == ""
    feed.refresh_from_db()
    assert feed.etag == "" and feed.polling_until is None  # the rest next time


def test_a_feed_being_polled_is_not_polled_again_meanwhile(site):
    feed = _feed(site, "/rss.xml")
    feed.polling_until = timezone.now() + dt.timedelta(minutes=5)
    feed.save()
    assert feed_poll(feed_id=feed.pk).error == "being polled already"
    assert not _Site.requests
    feed.refresh_from_db()
    assert feed.failures == 0 and feed.items_seen == 0
    # A lease run out (a worker killed): the next poll takes the feed.
    Feed.objects.filter(pk=feed.pk).update(
        polling_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert feed_poll(feed_id=feed.pk).new_items == 3
    feed.refresh_from_db()
    assert feed.polling_until is None and feed.items_seen == 3


def test_an_article_another_feed_stored_meanwhile_is_a_duplicate(site, monkeypatch):
    """Two feeds polled at once, carrying the same article: the one that stores
    second finds the other's item."""
    from incidents.imports import feeds

    other = _feed(site, "/atom.xml", name="Other")
    read = feeds._new_items

    def and_meanwhile(*args, **kwargs):
        items = read(*args, **kwargs)
        FeedItem.objects.create(
            feed=other,
            guid="meanwhile",
            link=site + "/articles/kyiv.html",
            state=FeedItem.State.INBOX,
        )
        return items

    monkeypatch.setattr(feeds, "_new_items", and_meanwhile)
    feed = _feed(site, "/rss.xml")
    assert feed_poll(feed_id=feed.pk).inbox == 1
    kyiv = FeedItem.objects.get(feed=feed, link=site + "/articles/kyiv.html")
    assert kyiv.state == FeedItem.State.DUPLICATE
    feed.refresh_from_db()
    assert feed.items_in_inbox == 1


def test_an_entry_that_breaks_keeps_its_link(site, monkeypatch):
    from incidents.imports import feeds

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(feeds, "extract", broken)
    feed = _feed(site, "/rss.xml")
    assert feed_poll(feed_id=feed.pk).error == ""
    kyiv = FeedItem.objects.get(feed=feed, guid=site + "/articles/kyiv.html")
    assert kyiv.link == site + "/articles/kyiv.html"
    assert "could not be read (ValueError: a bug)" in kyiv.note


def test_a_dismiss_after_a_review_leaves_it_reviewed(site):
    from incidents.imports.feeds import feed_item_dismiss, feed_items_reviewed
    from tests.factories import SourceFactory

    feed_poll(feed_id=_feed(site, "/rss.xml").pk)
    stale = _inbox()["Drone hits a house in Kyiv"]  # the page, loaded before
    feed_items_reviewed(source=SourceFactory(url=""), item_id=stale.pk)
    assert feed_item_dismiss(item=stale) is False
    stale.refresh_from_db()
    assert stale.state == FeedItem.State.REVIEWED


def test_a_feed_stored_with_no_interval_still_backs_off(site):
    feed = Feed.objects.create(name="Zero", url=site + "/garbage", poll_minutes=0)
    before = timezone.now()
    assert feed_poll(feed_id=feed.pk).error
    feed.refresh_from_db()
    assert feed.next_poll_at >= before + dt.timedelta(minutes=2)


def test_the_review_page_refuses_an_item_number_that_is_not_one(client):
    client.force_login(UserFactory(role="analyst", is_staff=True))
    assert client.get(reverse("report-add"), {"item": "²"}).status_code == 200


def test_the_admin_lists_feeds_with_what_waits_and_polls_them_on_request(site, client):
    feed = _feed(site, "/rss.xml", name="Kyiv News")
    feed_poll(feed_id=feed.pk)
    FeedItem.objects.filter(title="Shelling in Donetsk").update(
        state=FeedItem.State.DISMISSED
    )
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:incidents_feed_changelist"))
    assert page.status_code == 200
    (row,) = page.context["cl"].result_list
    assert (row.waiting, row.items_in_inbox, row.items_seen) == (1, 2, 3)
    polled = client.post(
        reverse("admin:incidents_feed_changelist"),
        {"action": "poll_now", "_selected_action": [feed.pk]},
    )
    assert polled.status_code == 302
    assert feeds_due_claim() == [feed.pk]
