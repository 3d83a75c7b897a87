import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser]


def test_analyst_switches_to_ukrainian_and_it_stays(
    page, sign_in, pipeline_db, screenshot
):
    get_user_model().objects.create_superuser("editor", password=PASSWORD)
    sign_in("editor", then="/?city=kyiv")
    page.wait_for_url("**/?city=kyiv")
    header = page.locator("header.topbar")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Add report" in header.inner_text()

    page.wait_for_function("() => location.hash.length > 1")  # the map wrote its view
    view = [float(n) for n in page.url.split("#")[1].split("/")]

    page.click("#language-switch button[value=uk]")
    page.wait_for_selector("html[lang=uk]")
    # Back on the same page with the same filters and view, now in Ukrainian. (The
    # centre may move a hair: the map's box is measured again in the new language.)
    path, _, hash_ = page.url.partition("#")
    assert path.endswith("/?city=kyiv")
    zoom, lat, lng = (float(n) for n in hash_.split("/"))
    assert zoom == view[0]
    assert abs(lat - view[1]) < 0.01 and abs(lng - view[2]) < 0.01
    assert "Додати повідомлення" in header.inner_text()
    assert "Вийти" in header.inner_text()
    assert page.title().startswith("Мапа інцидентів")
    assert (
        page.locator("#language-switch button[aria-current=true]").inner_text()
        == "Українська"
    )
    screenshot("language-uk-map")

    # The choice is remembered: the next page is Ukrainian too.
    page.click("header.topbar a[href='/reports/add/']")
    page.wait_for_url("**/reports/add/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h1").inner_text() == "Додати повідомлення"
    assert (
        page.locator("label[for=id_text]").inner_text().startswith("Текст повідомлення")
    )
    screenshot("language-uk-add-report")

    # And back to English the same way.
    page.click("#language-switch button[value=en]")
    page.wait_for_selector("html[lang=en]")
    assert page.url.endswith("/reports/add/")
    assert page.locator("h1").inner_text() == "Add report"
    assert page.errors == []
