import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from geo.geocoder.result import JSON_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_geocoder_index")]


def _run(*args: str) -> str:
    out = StringIO()
    call_command("geocode", *args, stdout=out)
    return out.getvalue()


def test_json_is_one_object_of_the_result_shape():
    output = _run("вул. Артема, Донецьк", "--json")
    assert output.count("\n") == 1  # one line, one object
    data = json.loads(output)
    assert tuple(data) == JSON_KEYS
    assert data["city"] == "donetsk"
    assert data["street"] == "ул. Артема"
    assert data["precision"] == "street"
    assert isinstance(data["lon"], float) and isinstance(data["lat"], float)
    assert data["method"] == "gazetteer:street"
    for candidate in data["candidates"]:
        assert set(candidate) == set(JSON_KEYS) - {"candidates"}
    # Cyrillic as it is, not \u escapes: analysts read this.
    assert "ул. Артема" in output


def test_city_hint():
    data = json.loads(_run("Kievsky district", "--city", "donetsk", "--json"))
    assert (data["city"], data["district"], data["precision"]) == (
        "donetsk",
        "kyivskyi",
        "district",
    )
    assert data["lon"] is None


def test_nothing_found_is_still_one_json_object():
    data = json.loads(_run("Kharkiv", "--json"))
    assert data["precision"] == "none"
    assert data["confidence"] == 0
    assert data["candidates"] == []


def test_human_readable_line():
    line = _run("near Lisova metro")
    assert line.startswith("place: Лісова")
    assert "desnianskyi" in line and "gazetteer:metro" in line
    assert "nothing found" in _run("невідоме місце")


def test_unknown_city_is_an_error():
    with pytest.raises(CommandError, match="unknown city 'lviv'"):
        call_command("geocode", "вулиця Хрещатик", "--city", "lviv")
