"""The fallback through either backend (GEOCODER_BACKEND), against a local server
that answers like Nominatim (/search, a JSON list) and like Photon (/api, GeoJSON).

Nothing here reaches the internet: the server is http.server on 127.0.0.1.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from geo.geocoder import FallbackUnavailable, geocode
from geo.geocoder import fallback as fallback_backend

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]

NO_MATCH = "Зовсім Незнайома 12"  # nothing in the gazetteer
# (lon, lat): Pecherskyi district's Lavrska street, central Donetsk, Lviv, Kharkiv.
PECHERSK = (30.5569, 50.4344)
DONETSK = (37.8028, 48.0159)
LVIV = (24.0316, 49.8429)
KHARKIV = (36.2304, 49.9935)


def _nominatim(point, *, kind="road", house=None, name="Лаврська вулиця") -> dict:
    """One entry of Nominatim's /search?format=json&addressdetails=1."""
    address = {"road": "Лаврська вулиця", "country_code": "ua"}
    if house:
        address["house_number"] = house
    return {
        "place_id": 1,
        "lon": str(point[0]),
        "lat": str(point[1]),
        "class": "highway" if kind == "road" else "place",
        "type": "residential" if kind == "road" else kind,
        "addresstype": kind,
        "name": name,
        "display_name": f"{name}, Україна",
        "address": address,
    }


def _photon(point, *, kind="street", house=None, name="Лаврська вулиця") -> dict:
    """One feature of Photon's /api?q=...: GeoJSON, lon then lat."""
    properties = {
        "osm_key": "highway" if kind == "street" else "place",
        "osm_value": "residential" if kind == "street" else kind,
        "type": kind,
        "name": name,
        "country": "Україна",
        "countrycode": "UA",
    }
    if house:
        properties.update(housenumber=house, street="Лаврська вулиця")
        properties.pop("name")
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": list(point)},
        "properties": properties,
    }


# backend: (path, a street answer, a house answer, a district answer, body)
BACKENDS = {
    "nominatim": {
        "path": "/search",
        "street": lambda p: _nominatim(p),
        "house": lambda p: _nominatim(p, kind="house", house="7"),
        "district": lambda p: _nominatim(p, kind="city_district", name="Печерський"),
        "body": lambda answers: answers,
    },
    "photon": {
        "path": "/api",
        "street": lambda p: _photon(p),
        "house": lambda p: _photon(p, kind="house", house="7"),
        "district": lambda p: _photon(p, kind="district", name="Печерський"),
        "body": lambda answers: {"type": "FeatureCollection", "features": answers},
    },
}


class _Server(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        self.server.requests.append((url.path, query))
        self.server.agents.append(self.headers["User-Agent"])
        backend = BACKENDS[self.server.backend]
        if url.path != backend["path"]:
            self.send_error(404)
            return
        answers = self.server.answers.get(query["q"][0], [])
        body = json.dumps(backend["body"](answers)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture(params=sorted(BACKENDS))
def server(request, settings):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    httpd.backend, httpd.answers = request.param, {}
    httpd.requests, httpd.agents = [], []
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    settings.GEOCODER_BACKEND = request.param
    settings.GEOCODER_FALLBACK_URL = f"http://127.0.0.1:{httpd.server_port}"
    settings.GEOCODER_FALLBACK_MIN_DELAY = 0
    settings.GEOCODER_FALLBACK_TIMEOUT = 5
    settings.GEOCODER_FALLBACK_USER_AGENT = "incident-map-tests"
    fallback_backend.cache_clear()
    yield httpd
    fallback_backend.cache_clear()
    httpd.shutdown()
    httpd.server_close()


def _answers(server, *kinds_and_points):
    backend = BACKENDS[server.backend]
    return [backend[kind](point) for kind, point in kinds_and_points]


def test_the_server_answers_what_the_gazetteer_cannot(server):
    server.answers[NO_MATCH] = _answers(server, ("street", PECHERSK))
    result = geocode(NO_MATCH)
    assert result.method == server.backend
    assert (result.city, result.district, result.precision) == (
        "kyiv",
        "pecherskyi",
        "street",
    )
    assert (result.lon, result.lat) == PECHERSK
    assert result.street == "Лаврська вулиця"
    assert 0 < result.confidence < 1
    ((path, query),) = server.requests
    assert path == BACKENDS[server.backend]["path"]
    assert query["q"] == [NO_MATCH]


def test_the_user_agent_is_the_configured_one(server):
    geocode(NO_MATCH)
    assert server.agents == ["incident-map-tests"]


def test_answers_outside_our_cities_are_refused(server):
    server.answers[NO_MATCH] = _answers(server, ("street", LVIV), ("street", KHARKIV))
    result = geocode(NO_MATCH)
    assert (result.precision, result.lon, result.city) == ("none", None, None)


def test_the_first_answer_inside_a_city_wins(server):
    server.answers[NO_MATCH] = _answers(
        server, ("street", LVIV), ("house", DONETSK), ("street", PECHERSK)
    )
    result = geocode(NO_MATCH)
    assert (result.city, result.precision) == ("donetsk", "exact")
    assert (result.lon, result.lat) == DONETSK


def test_the_hinted_city_ranks_first(server):
    query = f"{NO_MATCH}, Kyiv"
    server.answers[query] = _answers(server, ("street", DONETSK), ("street", PECHERSK))
    result = geocode(NO_MATCH, city="kyiv")
    assert result.city == "kyiv"
    assert server.requests[0][1]["q"] == [query]


def test_a_district_answer_carries_no_point(server):
    server.answers[NO_MATCH] = _answers(server, ("district", PECHERSK))
    result = geocode(NO_MATCH)
    assert (result.precision, result.district) == ("district", "pecherskyi")
    assert (result.lon, result.lat) == (None, None)


def test_a_server_that_is_down_is_unavailable_not_a_miss(server, settings):
    server.shutdown()
    server.server_close()
    settings.GEOCODER_FALLBACK_TIMEOUT = 1
    with pytest.raises(FallbackUnavailable, match=f"{server.backend} at http"):
        geocode(NO_MATCH)
    # Extraction asks with fallback_errors="ignore": the gazetteer's answer stands.
    assert geocode(NO_MATCH, fallback_errors="ignore").precision == "none"
