import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_has_a_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


def test_the_tile_server_may_serve_images(client, settings):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    img_src = re.search(r"img-src ([^;]*)", policy).group(1)
    assert "https://tile.openstreetmap.org" in img_src.split()
