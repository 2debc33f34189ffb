"""The access log in the admin says who was read, masked as in the participant list, only to those who may see them."""

from insikt.models import AccessLog
from participants.tests.factories import register


def test_the_project_leader_sees_who_was_read_if_they_may_see_them(client, demo_staff):
    af, malmo = demo_staff["af.handlaggare"], demo_staff["malmo.handlaggare"]
    own = register(af, first_name="Loggad", last_name="Läsning", personnummer="199001012385")
    other = register(malmo, first_name="Annans", last_name="Deltagare")
    for reader, participant in ((af, own), (malmo, other)):
        AccessLog.objects.create(user=reader, organisation=reader.organisation, action="view",
                                 participant_id=participant.pk, detail="deltagarsidan")  # fmt: skip
    client.force_login(demo_staff["projektledare"])
    with_names = client.get("/admin/insikt/accesslog/").content.decode()
    assert 'Loggad Läsning<br><span class="nowrap">19900101-****</span>' in with_names
    assert "199001012385" not in with_names
    assert "Annans" not in with_names and f"ej synlig för dig (id {str(other.pk)[:8]}…)" in with_names


def test_a_protected_person_is_named_by_initials_and_one_without_a_number_is_named_at_all(client, demo_staff):
    from participants.models import Participant

    af = demo_staff["af.handlaggare"]
    protected = register(af, first_name="Skyddad", last_name="Person")
    Participant.objects.filter(pk=protected.pk).update(protected_identity="sekretessmarkering")
    without = register(af, first_name="Utan", last_name="Nummer", personnummer=None, identity_kind="inget",
                       stated_birth_date="1980-02-03", no_number_reason="Nyanländ")  # fmt: skip
    for participant in (protected, without):
        AccessLog.objects.create(user=af, organisation=af.organisation, action="view",
                                 participant_id=participant.pk, detail="deltagarsidan")  # fmt: skip
    client.force_login(demo_staff["projektledare"])
    page = client.get("/admin/insikt/accesslog/").content.decode()
    assert "S. P.<br>" in page and "Skyddad" not in page
    assert 'Utan Nummer<br><span class="nowrap">saknas</span>' in page
    listing = client.get("/admin/participants/participant/").content.decode()
    assert "S. P." in listing and "Skyddad" not in listing
