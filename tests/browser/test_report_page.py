from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from incidents.models import Incident
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser]
DONETSK_REPORT = Path(settings.SEEDS_DIR) / "000_5fad0b857c584b43.txt"


def test_analyst_pastes_a_report_reviews_and_saves(
    page, sign_in, pipeline_db, screenshot
):
    get_user_model().objects.create_superuser("editor", password=PASSWORD)
    sign_in("editor", then="/reports/add/")
    page.fill("#id_text", DONETSK_REPORT.read_text())
    page.fill("#id_published", "2024-06-13")
    page.fill("#id_outlet", "TASS")
    page.click("button[value=extract]")
    page.wait_for_selector("#review-form")
    assert page.locator("fieldset.proposal").count() == 4
    assert page.locator("#report-text mark").count() >= 4
    screenshot("report-review")
    # The analyst drops the last proposal and keeps three.
    page.locator("fieldset.proposal").nth(3).locator("input[name$='-keep']").uncheck()
    page.click("button[value=save]")
    page.wait_for_url("**/admin/incidents/incident/**")
    assert "3 incidents created in review" in page.inner_text("body")
    incidents = Incident.objects.all()
    assert incidents.count() == 3
    assert {i.city.slug for i in incidents} == {"donetsk"}
    assert {i.status for i in incidents} == {"review"}
    assert page.errors == []


# Two district incidents and a city-wide total the districts do not account for.
KYIV_REPORT = (
    "Russia attacked Kyiv overnight with drones and missiles, killing five people "
    "and injuring 20 across the city. In the Darnytskyi district a high-rise was "
    "hit; two people were killed there. In the Obolonskyi district debris damaged a "
    "school."
)
DARNYTSKYI_SENTENCE = (
    "In the Darnytskyi district a high-rise was hit; two people were killed there."
)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def review(page, sign_in, pipeline_db):
    """The review page of KYIV_REPORT, its script ready."""
    get_user_model().objects.create_superuser("editor", password=PASSWORD)

    def open_review(viewport=None):
        if viewport:
            page.set_viewport_size(viewport)
        sign_in("editor", then="/reports/add/")
        page.fill("#id_text", KYIV_REPORT)
        page.fill("#id_published", "2025-08-28")
        page.fill("#id_outlet", "Kyiv Independent")
        page.click("button[value=extract]")
        page.locator("main.review[data-ready='true']").wait_for()
        return page

    return open_review


def _lit(locator) -> list[bool]:
    """Whether each element the locator finds is lit (class "active")."""
    return locator.evaluate_all("(els) => els.map((el) => el.matches('.active'))")


def _css(locator, prop: str) -> str:
    return locator.evaluate(f"(el) => getComputedStyle(el).{prop}")


def test_each_card_has_the_colour_of_its_evidence_and_they_light_up_together(
    review, screenshot
):
    page = review()
    cards = page.locator("fieldset.proposal")
    assert cards.count() == 2
    colours = []
    for number in (1, 2):
        card = cards.nth(number - 1)
        assert card.locator(".badge").inner_text() == str(number)
        marks = page.locator(f"#report-text mark[data-proposals='{number}']")
        assert marks.count() >= 1
        colour = _css(card, "borderLeftColor")
        colours.append(colour)
        for mark in marks.all():
            assert _css(mark, "borderBottomColor") == colour
            assert mark.get_attribute("tabindex") == "0"
    assert colours[0] != colours[1]
    first_marks = page.locator("#report-text mark[data-proposals='1']")
    second_marks = page.locator("#report-text mark[data-proposals='2']")

    # Pointing at a card lights its evidence, and only its evidence.
    cards.nth(0).hover()
    assert _lit(cards) == [True, False]
    assert all(_lit(first_marks)) and not any(_lit(second_marks))
    screenshot("report-review-card-hover")
    # Pointing at a mark lights its card, and no other.
    second_marks.first.hover()
    assert _lit(cards) == [False, True]
    page.mouse.move(0, 0)
    assert page.locator(".active").count() == 0

    # The keyboard does the same: Tab to a mark, then into a card.
    first_marks.first.focus()
    assert _lit(cards) == [True, False]
    cards.nth(1).locator("textarea[name='p-1-title']").focus()
    assert _lit(cards) == [False, True]
    assert all(_lit(second_marks)) and not any(_lit(first_marks))
    # Enter on a mark takes the analyst to its card.
    first_marks.first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('fieldset.proposal').id") == (
        "proposal-1"
    )
    assert page.errors == []


def test_each_figure_shows_its_sentence_and_the_city_total_is_a_warning(review):
    page = review()
    darnytskyi = page.locator("fieldset.proposal").nth(0)
    assert "Darnytskyi" in darnytskyi.locator("textarea[name$='-title']").input_value()
    killed = darnytskyi.locator(".field-fatalities")
    assert killed.locator("input").input_value() == "2"
    assert killed.locator(".figure-source").inner_text() == DARNYTSKYI_SENTENCE
    # The sentence describes the input for a screen reader too.
    assert killed.locator("input").get_attribute("aria-describedby") == (
        killed.locator(".figure-source").get_attribute("id")
    )
    assert darnytskyi.locator(".field-injured .figure-none").is_visible()
    # The five killed and 20 injured belong to no district: a warning, with the
    # sentence, and the sentence marked apart in the text.
    total = page.locator("#city-total-kyiv")
    assert total.is_visible()
    assert total.get_attribute("role") == "alert"
    text = total.inner_text()
    assert "killed 5" in text and "injured 20" in text
    assert "injuring 20 across the city" in total.locator(".evidence").inner_text()
    assert "killing five people" in page.locator("mark.total-evidence").inner_text()
    assert page.locator(".figure-warning").count() == 0  # every figure has a sentence
    assert page.errors == []


def test_weapons_and_tags_are_labelled_multi_selects_and_the_chosen_are_saved(
    review,
):
    page = review()
    card = page.locator("fieldset.proposal").nth(0)
    weapons = card.get_by_label("Weapons")
    tags = card.get_by_label("Infrastructure")
    assert weapons.evaluate("(el) => el.tagName === 'SELECT' && el.multiple")
    assert tags.evaluate("(el) => el.tagName === 'SELECT' && el.multiple")
    chosen = "(el) => [...el.selectedOptions].map((o) => o.label)"
    assert weapons.evaluate(chosen) == [
        "Missile (type not reported)",
        "Drone (loitering munition)",
    ]
    assert tags.evaluate(chosen) == ["Residential"]
    # The analyst knows better: a ballistic missile, and the power went out.
    weapons.select_option(label=["Ballistic missile", "Drone (loitering munition)"])
    tags.select_option(label=["Residential", "Energy / power outage"])
    # Beneath each list box, what is chosen, whatever is scrolled into view.
    assert card.locator(".field-weapons .chosen").inner_text() == (
        "Ballistic missile, Drone (loitering munition)"
    )
    assert card.locator(".field-tags .chosen").inner_text() == (
        "Residential, Energy / power outage"
    )
    page.locator("fieldset.proposal").nth(1).locator("input[name$='-keep']").uncheck()
    page.click("button[value=save]")
    page.wait_for_url("**/admin/incidents/incident/**")
    [incident] = Incident.objects.all()
    assert incident.district.slug == "darnytskyi"
    assert incident.title == "Missile and drone strike in Darnytskyi district, Kyiv"
    assert set(incident.weapons.values_list("slug", flat=True)) == {
        "ballistic_missile",
        "drone",
    }
    assert set(incident.tags.values_list("slug", flat=True)) == {
        "residential",
        "energy",
    }
    # The city-wide total is stored with the report, never as an incident.
    [total] = incident.sources.get().city_totals.all()
    assert (total.fatalities, total.injured) == (5, 20)
    assert page.errors == []


def test_the_review_fits_a_phone(review, screenshot):
    page = review(PHONE)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    text = page.locator("#report-text").bounding_box()
    first_card = page.locator("fieldset.proposal").first.bounding_box()
    assert first_card["y"] >= text["y"] + text["height"]  # the cards follow the text
    assert first_card["x"] + first_card["width"] <= PHONE["width"]
    screenshot("report-review-phone")
    assert page.errors == []
