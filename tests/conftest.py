import pytest
from django.conf import settings

from geo.services import gazetteer_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The real gazetteer, loaded once into the test database."""
    with django_db_blocker.unblock():
        gazetteer_load(data_dir=settings.GEODATA_DIR)


@pytest.fixture
def kyiv(db):
    from geo.models import City

    return City.objects.get(slug="kyiv")


@pytest.fixture
def donetsk(db):
    from geo.models import City

    return City.objects.get(slug="donetsk")


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the gazetteer sources, for tests that break them."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(settings.GEODATA_DIR, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target
