"""The Nominatim fallback against a local server that answers like Nominatim.

Nothing here reaches the internet: the server is http.server on 127.0.0.1.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.geocoder import FallbackUnavailable, geocode
from geo.geocoder import fallback as fallback_backend

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]

# A point on Pecherskyi district's Lavrska street, one in Donetsk, one in Lviv.
PECHERSK = {"lon": "30.5569", "lat": "50.4344"}
DONETSK = {"lon": "37.8028", "lat": "48.0159"}
LVIV = {"lon": "24.0316", "lat": "49.8429"}
NO_MATCH = "Зовсім Незнайома 7"  # nothing in the gazetteer


def _answer(point: dict, **raw) -> dict:
    return {
        "place_id": 1,
        "display_name": raw.pop("display_name", "somewhere, Україна"),
        "class": raw.pop("class", "highway"),
        "type": raw.pop("type", "residential"),
        "addresstype": raw.pop("addresstype", "road"),
        "address": raw.pop("address", {"road": "Лаврська вулиця"}),
        **point,
        **raw,
    }


class _Nominatim(BaseHTTPRequestHandler):
    """Answers /search from the server's `answers` by the q parameter."""

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        self.server.requests.append(query)
        if url.path != "/search" or query.get("format") != ["json"]:
            self.send_error(404)
            return
        if self.server.fail:
            self.send_error(500)
            return
        body = json.dumps(self.server.answers.get(query["q"][0], [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass  # keep test output clean


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    httpd.answers, httpd.requests, httpd.fail = {}, [], False
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fallback(server, settings):
    settings.GEOCODER_FALLBACK_URL = f"http://127.0.0.1:{server.server_port}"
    settings.GEOCODER_FALLBACK_MIN_DELAY = 0
    settings.GEOCODER_FALLBACK_TIMEOUT = 5
    fallback_backend.cache_clear()
    yield server
    fallback_backend.cache_clear()


def test_off_by_default(server, settings):
    assert settings.GEOCODER_FALLBACK_URL == ""
    result = geocode(NO_MATCH)
    assert result.precision == "none"
    assert server.requests == []


def test_answers_what_the_gazetteer_cannot(fallback):
    fallback.answers[NO_MATCH] = [_answer(PECHERSK)]
    result = geocode(NO_MATCH)
    assert result.method == "nominatim"
    assert (result.city, result.district, result.precision) == (
        "kyiv",
        "pecherskyi",
        "street",
    )
    assert (result.lon, result.lat) == (30.5569, 50.4344)
    assert result.street == "Лаврська вулиця"
    assert 0 < result.confidence < 1
    assert result.city_id is not None and result.district_id is not None
    (request,) = fallback.requests
    assert request["countrycodes"] == ["ua"]


def test_house_numbers_are_exact(fallback):
    fallback.answers[NO_MATCH] = [
        _answer(PECHERSK, address={"road": "Лаврська вулиця", "house_number": "7"})
    ]
    assert geocode(NO_MATCH).precision == "exact"


def test_a_district_answer_carries_no_point(fallback):
    fallback.answers[NO_MATCH] = [
        _answer(
            PECHERSK,
            addresstype="city_district",
            type="administrative",
            **{"class": "boundary"},
        )
    ]
    result = geocode(NO_MATCH)
    assert (result.precision, result.district) == ("district", "pecherskyi")
    assert (result.lon, result.lat) == (None, None)


def test_answers_outside_both_cities_are_refused(fallback):
    fallback.answers[NO_MATCH] = [_answer(LVIV)]
    result = geocode(NO_MATCH)
    assert result.precision == "none"
    assert result.lon is None
    assert len(fallback.requests) == 1


def test_the_first_answer_inside_a_city_wins(fallback):
    fallback.answers[NO_MATCH] = [_answer(LVIV), _answer(DONETSK)]
    result = geocode(NO_MATCH)
    assert (result.city, result.precision) == ("donetsk", "street")


def test_city_hint_goes_into_the_query_and_ranks_answers(fallback):
    query = f"{NO_MATCH}, Donetsk"
    fallback.answers[query] = [_answer(PECHERSK), _answer(DONETSK)]
    result = geocode(NO_MATCH, city="donetsk")
    assert result.city == "donetsk"
    assert fallback.requests[0]["q"] == [query]


def test_not_asked_when_the_gazetteer_knows(fallback):
    assert geocode("вулиця Хрещатик").method == "gazetteer:street"
    assert geocode("Darnytskyi district, Kyiv").method == "gazetteer:district"
    assert fallback.requests == []


def test_answers_are_cached(fallback):
    fallback.answers[NO_MATCH] = [_answer(PECHERSK)]
    first, second = geocode(NO_MATCH), geocode(NO_MATCH)
    assert first.to_json() == second.to_json()
    assert len(fallback.requests) == 1


def test_errors_are_not_cached(fallback):
    fallback.fail = True
    with pytest.raises(FallbackUnavailable, match="500"):
        geocode(NO_MATCH)
    fallback.fail = False
    fallback.answers[NO_MATCH] = [_answer(PECHERSK)]
    assert geocode(NO_MATCH).method == "nominatim"
    assert len(fallback.requests) == 2


def test_requests_are_rate_limited(fallback, settings):
    settings.GEOCODER_FALLBACK_MIN_DELAY = 0.4
    started = time.monotonic()
    geocode("Зовсім Незнайома 8")
    geocode("Зовсім Незнайома 9")
    assert time.monotonic() - started >= 0.4
    assert len(fallback.requests) == 2
