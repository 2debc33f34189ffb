"""Registration tells a caseworker that a person is already in Insikt: that is protected information in itself.

Each time is written to the access log as its own event (shown in the log review), and a user who has been
told it too often within an hour is told nothing more for a while."""

from datetime import timedelta

from django.utils import timezone

from insikt.models import AccessLog
from participants.demo import demo_personnummer
from participants.models import Participant
from participants.tests.factories import register
from participants.tests.test_views import form_data


def test_each_duplicate_found_is_logged_as_its_own_event(client, demo_staff):
    holder = register(demo_staff["malmo.handlaggare"], personnummer="191212121212")
    af = demo_staff["af.handlaggare"]
    client.force_login(af)
    client.post("/deltagare/ny/", form_data())
    entry = AccessLog.objects.get(action=AccessLog.Action.DUPLICATE_CHECK)
    assert (entry.user, entry.participant_id, entry.organisation.code) == (af, holder.pk, "af")
    assert "1212" not in entry.detail
    client.post("/deltagare/ny/", form_data(personnummer="19121212-1220"))  # not in Insikt: nothing to log
    assert AccessLog.objects.filter(action=AccessLog.Action.DUPLICATE_CHECK).count() == 1


def test_after_too_many_duplicates_an_hour_registration_says_nothing_more(client, demo_staff, settings):
    settings.DUPLICATE_CHECKS_PER_HOUR = 3
    numbers = [demo_personnummer(i) for i in range(4)]
    for number in numbers:
        register(demo_staff["malmo.handlaggare"], personnummer=number)
    client.force_login(demo_staff["af.handlaggare"])
    for number in numbers[:3]:
        assert "redan registrerad" in client.post("/deltagare/ny/", form_data(personnummer=number)).content.decode()
    page = client.post("/deltagare/ny/", form_data(personnummer=numbers[3], first_name="Behållen")).content.decode()
    assert "Vänta en stund" in page and "redan registrerad" not in page
    assert 'value="Behållen"' in page  # nothing typed is lost
    # Nor does a number that is not in Insikt get registered meanwhile: the answer would tell.
    client.post("/deltagare/ny/", form_data(personnummer="19121212-1220"))
    assert not Participant.objects.filter(personnummer="191212121220").exists()
    assert AccessLog.objects.filter(action=AccessLog.Action.DUPLICATE_CHECK).count() == 3


def test_duplicates_older_than_an_hour_no_longer_count(client, demo_staff, settings):
    settings.DUPLICATE_CHECKS_PER_HOUR = 3
    af = demo_staff["af.handlaggare"]
    holder = register(demo_staff["malmo.handlaggare"], personnummer=demo_personnummer(0))
    earlier = timezone.now() - timedelta(hours=1, minutes=1)
    AccessLog.objects.bulk_create(
        AccessLog(
            user=af,
            organisation=af.organisation,
            action=AccessLog.Action.DUPLICATE_CHECK,
            participant_id=holder.pk,
            at=earlier,
        )  # fmt: skip
        for _ in range(3)
    )
    client.force_login(af)
    page = client.post("/deltagare/ny/", form_data(personnummer=demo_personnummer(0))).content.decode()
    assert "redan registrerad" in page
