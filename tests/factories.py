import datetime as dt

import factory
from django.contrib.auth import get_user_model

from geo.models import City
from incidents.choices import EventType, Status, SubEventType, TimePrecision
from incidents.models import Incident, Source

KYIV_TZ = dt.timezone(dt.timedelta(hours=3))


PASSWORD = "pass-word-123"  # every UserFactory user's


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"analyst{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        """UserFactory(role="viewer"|"analyst"|"editor"); role="" for an account in
        no group. Analyst when not given: the role that sees every status."""
        if not create:
            return
        from django.contrib.auth.models import Group

        from incidents.access import Role, roles_ensure

        role = "analyst" if extracted is None else extracted
        if role:
            roles_ensure()  # a transactional test may have emptied the groups
            # Only the group: is_staff stays as the test sets it.
            user.groups.set([Group.objects.get(name=Role(role).value)])


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/report/{n}")
    outlet = "Example News"
    title = factory.Sequence(lambda n: f"Report {n}")


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    title = factory.Sequence(lambda n: f"Strike {n}")
    occurred_from = dt.datetime(2025, 8, 28, 1, 0, tzinfo=KYIV_TZ)
    occurred_to = factory.LazyAttribute(
        lambda o: o.occurred_from + dt.timedelta(hours=4)
    )
    time_precision = TimePrecision.APPROXIMATE
    event_type = EventType.EXPLOSIONS
    sub_event_type = SubEventType.AIR_DRONE_STRIKE
    location_text = "Darnytskyi district, Kyiv"
    city = factory.LazyFunction(lambda: City.objects.get(slug="kyiv"))
    status = Status.REVIEW
