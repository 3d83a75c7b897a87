import pytest
from django.conf import settings

from geo.geocoder import reset_index
from geo.services import gazetteer_load


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request's LocaleMiddleware leaves
    its language active in the thread, which would leak into the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


@pytest.fixture(scope="session")
def redis_server():
    from tests.pipeline import RedisServer

    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker(redis_server):
    """The private Redis, and this process's Celery app publishing to it."""
    from tests.pipeline import use_broker

    use_broker(redis_server.url)
    return redis_server


@pytest.fixture
def pipeline_db(transactional_db, settings):
    """Committed data a worker process can see, and the gazetteer back in place.

    Transactional tests empty the tables when they end, so each one loads the
    gazetteer and the vocabularies the migrations seeded again (pytest-django runs
    them after the others).
    """
    from incidents.choices import INFRASTRUCTURE_TAGS, WEAPONS
    from incidents.models import InfrastructureTag, Weapon

    gazetteer_load(data_dir=settings.GEODATA_DIR)
    for model, rows in ((Weapon, WEAPONS), (InfrastructureTag, INFRASTRUCTURE_TAGS)):
        for slug, label in rows:
            model.objects.get_or_create(slug=slug, defaults={"label": label})


@pytest.fixture
def worker(pipeline_db, broker):
    import redis

    from tests.pipeline import Worker

    # Nothing left over from another test's queue.
    redis.Redis.from_url(broker.url).flushall()
    running = Worker(broker.url)
    running.start()
    yield running
    running.stop()
    # Shown by pytest only when the test failed.
    print("worker log:\n" + "".join(running.lines[-80:]))  # noqa: T201


@pytest.fixture(scope="module")
def fresh_geocoder_index():
    """The geocoder's index built afresh for a module and dropped after it: another
    module may have built it on rows a transactional test has since replaced."""
    reset_index()
    yield
    reset_index()
