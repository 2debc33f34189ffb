from datetime import timedelta

import factory
from django.utils import timezone

from participants import services
from participants.demo import demo_personnummer
from participants.models import Benefit, District, Participant


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An eligible participant. Use `register()` to create one the way the app does (grants, history)."""

    class Meta:
        model = Participant

    personnummer = factory.Sequence(lambda n: demo_personnummer(n + 100_000))
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    district = District.SODER
    benefit = Benefit.ACTIVITY_SUPPORT
    af_registered_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365 * 12))
    job_entered_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=600))


def register(by, **fields) -> Participant:
    return services.register_participant(participant=ParticipantFactory.build(**fields), by=by)
