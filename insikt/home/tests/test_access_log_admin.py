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
