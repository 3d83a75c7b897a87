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
