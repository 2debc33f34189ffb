from datetime import timedelta

import factory
from django.utils import timezone
from faker import Faker

from insikt.demo import DEMO_STAFF
from participants import services
from participants.demo import demo_personnummer
from participants.models import Benefit, District, Participant

_faker = Faker("sv_SE")
_STAFF_SURNAMES = {last_name for _, _, last_name, _, _ in DEMO_STAFF}


def _surname_no_demo_staff_has() -> str:
    """Tests assert that a participant's name is absent from a page, whose header names the signed-in user."""
    while (surname := _faker.last_name()) in _STAFF_SURNAMES:
        pass
    return surname


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An eligible participant. Use `register()` to create one the way the app does (grants, history)."""

    class Meta:
        model = Participant

    personnummer = factory.Sequence(lambda n: demo_personnummer(n + 100_000))
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.LazyFunction(lambda: _surname_no_demo_staff_has())
    district = District.SODER
    benefit = Benefit.ACTIVITY_SUPPORT
    af_registered_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365 * 12))
    job_entered_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=600))


def register(by, **fields) -> Participant:
    return services.register_participant(participant=ParticipantFactory.build(**fields), by=by)
