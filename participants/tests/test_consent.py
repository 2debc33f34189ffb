from datetime import timedelta

import pytest
from django.utils import timezone

from participants import services
from participants.models import Consent, SecrecyWaiver, Status, WaiverWithdrawal


@pytest.fixture
def consent(world):
    return services.register_consent(
        participant=world["own"], given_on=timezone.localdate(), form="muntligt", by=world["staff"]["af.handlaggare"]
    )


def test_consent_records_cannot_be_edited_or_deleted(consent):
    consent.form = "skriftligt"
    with pytest.raises(PermissionError):
        consent.save()
    with pytest.raises(PermissionError):
        consent.delete()
    with pytest.raises(PermissionError):
        Consent.objects.filter(pk=consent.pk).update(form="skriftligt")
    with pytest.raises(PermissionError):
        Consent.objects.filter(pk=consent.pk).delete()
    with pytest.raises(PermissionError):
        SecrecyWaiver.objects.all().delete()
    assert Consent.objects.get(pk=consent.pk).form == "muntligt"


def test_registering_consent_moves_the_status_along(consent, world):
    participant = world["own"]
    participant.refresh_from_db()
    assert participant.status == Status.CONSENTED
    assert [s.to_status for s in participant.status_changes.all()] == [Status.REGISTERED, Status.CONSENTED]


def test_withdrawal_is_a_new_record_and_withdraws_the_waivers(world):
    af = world["staff"]["af.handlaggare"]
    shared = world["shared"]
    consent = services.register_consent(participant=shared, given_on=timezone.localdate(), form="skriftligt", by=af)
    services.withdraw_consent(consent=consent, withdrawn_on=timezone.localdate(), reason="Vill inte delta", by=af)
    consent = Consent.objects.get(pk=consent.pk)
    assert consent.withdrawal.reason == "Vill inte delta"
    assert WaiverWithdrawal.objects.filter(waiver__participant=shared).count() == 2
    assert SecrecyWaiver.objects.filter(participant=shared).count() == 2  # history kept
    shared.refresh_from_db()
    assert shared.status == Status.ABORTED and "Vill inte delta" in shared.status_reason


def test_participant_page_shows_the_whole_history(client, world):
    af = world["staff"]["af.handlaggare"]
    participant = world["shared"]
    first = services.register_consent(
        participant=participant, given_on=timezone.localdate() - timedelta(days=10), form="muntligt", by=af
    )
    services.withdraw_consent(consent=first, withdrawn_on=timezone.localdate(), reason="Ångrade sig", by=af)
    services.register_consent(participant=participant, given_on=timezone.localdate(), form="skriftligt", by=af)
    client.force_login(af)
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert "Samtycke (muntligt)" in page and "Återkallat: Ångrade sig" in page and "Samtycke (skriftligt)" in page
    assert "Malmö stad – Ekonomiskt bistånd" in page and "Återkallat" in page


def test_waiver_form_refuses_an_end_before_the_start(client, world):
    client.force_login(world["staff"]["af.handlaggare"])
    today = timezone.localdate()
    response = client.post(
        f"/deltagare/{world['own'].pk}/sekretessgenombrott/",
        {
            "organisations": [world["other"].registering_organisation.pk],
            "valid_from": today,
            "valid_to": today - timedelta(days=1),
            "form": "skriftligt",
        },
    )
    assert response.status_code == 200
    assert "Slutdatumet ligger före startdatumet." in response.content.decode()
    assert not SecrecyWaiver.objects.filter(participant=world["own"]).exists()


def test_consent_in_the_future_is_refused(client, world):
    client.force_login(world["staff"]["af.handlaggare"])
    response = client.post(
        f"/deltagare/{world['own'].pk}/samtycke/",
        {"given_on": timezone.localdate() + timedelta(days=1), "form": "skriftligt"},
    )
    assert "Datumet kan inte ligga i framtiden." in response.content.decode()
    assert not Consent.objects.exists()


def test_uploaded_document_must_be_pdf_or_image(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["staff"]["af.handlaggare"])
    response = client.post(
        f"/deltagare/{world['own'].pk}/samtycke/",
        {"given_on": timezone.localdate(), "form": "skriftligt", "document": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert "Filen är inte en PDF-, JPG- eller PNG-fil." in response.content.decode()
    assert not Consent.objects.exists()
