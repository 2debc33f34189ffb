"""States that must never arise, each reproduced once through the services or the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from participants import services
from participants.models import ENDED, Participant, Status
from participants.tests.factories import register
from participants.tests.test_views import form_data


def closed_then_withdrawn(af) -> Participant:
    """A participant closed first, whose consent was withdrawn afterwards (the status stays "Avslutad")."""
    participant = register(af)
    consent = services.register_consent(participant=participant, given_on=timezone.localdate(), form="skriftligt",
                                        by=af)  # fmt: skip
    services.close_participant(participant=participant, reason="arbete", closed_on=timezone.localdate(),
                               expected_version=Participant.objects.get(pk=participant.pk).version, by=af)  # fmt: skip
    services.withdraw_consent(consent=consent, withdrawn_on=timezone.localdate(), reason="Vill inte", by=af)
    return Participant.objects.get(pk=participant.pk)


def test_reopening_never_restores_a_status_whose_consent_is_withdrawn(demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = closed_then_withdrawn(af)
    assert participant.status == Status.CLOSED
    services.reopen_participant(participant=participant, reason="Kom tillbaka", expected_version=participant.version,
                                by=af)  # fmt: skip
    participant.refresh_from_db()
    assert participant.status == Status.REGISTERED  # not "Samtycke givet": there is no consent
    services.register_consent(participant=participant, given_on=timezone.localdate(), form="skriftligt", by=af)
    participant.refresh_from_db()
    assert participant.status == Status.CONSENTED  # a new consent moves the participant on, as an event


def test_no_new_waiver_after_the_consent_is_withdrawn_even_when_closed(demo_staff, orgs):
    from django.core.exceptions import ValidationError

    from participants.access import visible_participants

    af = demo_staff["af.handlaggare"]
    participant = closed_then_withdrawn(af)
    with pytest.raises(ValidationError, match="återkallat"):
        services.register_waivers(participant=participant, organisations=[orgs["ama"]],
                                  valid_from=timezone.localdate(), valid_to=None, form="muntligt", by=af)  # fmt: skip
    assert not visible_participants(demo_staff["malmo.handlaggare"]).filter(pk=participant.pk).exists()


def test_withdrawing_consent_with_a_participant_read_before_a_close_keeps_the_close(demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = register(af)
    consent = services.register_consent(participant=participant, given_on=timezone.localdate(), form="skriftligt",
                                        by=af)  # fmt: skip
    fresh = Participant.objects.get(pk=participant.pk)
    services.close_participant(participant=fresh, reason="arbete", closed_on=timezone.localdate(),
                               expected_version=fresh.version, by=af)  # fmt: skip
    services.withdraw_consent(consent=consent, withdrawn_on=timezone.localdate(), reason="Vill inte", by=af)
    participant.refresh_from_db()
    assert participant.status == Status.CLOSED and participant.closing_reason == "arbete"


def test_dates_after_the_registration_date_get_a_field_error_not_a_crash(client, demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = register(af)
    participant.registered_on = timezone.localdate() - timedelta(days=30)
    Participant.objects.filter(pk=participant.pk).update(registered_on=participant.registered_on)
    client.force_login(af)
    later = (timezone.localdate() - timedelta(days=2)).isoformat()
    for field in ("job_entered_on", "af_registered_on"):
        data = form_data(personnummer=participant.formatted_personnummer, version=participant.version, **{field: later})
        response = client.post(f"/deltagare/{participant.pk}/andra/", data)
        assert response.status_code == 200
        assert "Datumet ligger efter anmälan till projektet" in str(response.context["form"].errors[field])
        assert f'value="{later}"' in response.content.decode()


@pytest.mark.parametrize("start", Status.values)
@pytest.mark.parametrize("target", Status.values)
def test_every_manual_status_from_every_status(demo_staff, start, target):
    from django.core.exceptions import ValidationError

    af = demo_staff["af.handlaggare"]
    participant = register(af)
    closing = {"closed_on": timezone.localdate(), "closing_reason": "flyttat"} if start == Status.CLOSED else {}
    Participant.objects.filter(pk=participant.pk).update(status=start, **closing)
    participant = Participant.objects.get(pk=participant.pk)
    try:
        services.change_status(participant=participant, to_status=target, reason="Skäl",
                               expected_version=participant.version, by=af)  # fmt: skip
    except ValidationError:
        allowed = False
    else:
        allowed = True
    assert allowed == (start not in ENDED and target in (Status.DECLINED, Status.ABORTED))
    participant = Participant.objects.get(pk=participant.pk)
    was_closed = participant.status == Status.CLOSED
    try:
        services.reopen_participant(participant=participant, reason="Tillbaka", expected_version=participant.version,
                                    by=af)  # fmt: skip
    except ValidationError:
        reopened = False
    else:
        reopened = True
    assert reopened == was_closed
