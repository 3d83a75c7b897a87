"""A fallback server that cannot answer is an error worth retrying, never a miss."""

import pytest
from django.core.management import CommandError, call_command

from geo.geocoder import FallbackUnavailable, geocode
from geo.geocoder import fallback as fallback_backend
from incidents.extraction.places import PlaceFinder
from tests.fallback_server import fallback_server, nominatim_answer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]

NO_MATCH = "Зовсім Незнайома 21"


@pytest.fixture
def server(settings):
    with fallback_server() as running:
        settings.GEOCODER_BACKEND = "nominatim"
        settings.GEOCODER_FALLBACK_URL = running.url
        settings.GEOCODER_FALLBACK_MIN_DELAY = 0
        settings.GEOCODER_FALLBACK_TIMEOUT = 1
        fallback_backend.cache_clear()
        yield running
        fallback_backend.cache_clear()


@pytest.mark.parametrize(
    ("step", "says"),
    [
        ("hang", "timed out"),
        ("error", "500"),
        ("garbage", "Could not deserialize"),
        ("wrong-shape", "nominatim at"),
    ],
)
def test_each_way_of_not_answering_is_unavailable(server, step, says):
    server.script = [step]
    with pytest.raises(FallbackUnavailable) as caught:
        geocode(NO_MATCH)
    assert says.lower() in str(caught.value).lower()
    # Not cached: the next request asks again, and it answers.
    server.answers[NO_MATCH] = [nominatim_answer(30.5569, 50.4344)]
    assert geocode(NO_MATCH).method == "nominatim"


def test_an_answer_of_nothing_is_a_miss_not_an_error(server):
    assert geocode(NO_MATCH).precision == "none"
    assert [step for step, _ in server.requests] == ["answer"]


def test_extraction_goes_on_without_the_server(server):
    server.script = ["error"] * 20
    finder = PlaceFinder(city="kyiv", language="uk")
    mentions = finder.find("Уламки впали в Дарницькому районі, на вулиці Незнайомій.")
    assert [m.location.district for m in mentions if m.location.district] == [
        "darnytskyi"
    ]


def test_the_command_says_what_failed_and_the_fix(server):
    server.script = ["error"]
    with pytest.raises(CommandError, match="GEOCODER_FALLBACK_URL"):
        call_command("geocode", NO_MATCH)
