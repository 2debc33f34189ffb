"""Protected personal data on the pages about a person that are not their own page (meetings, history reviews,
findings, recommendations, questionnaire answers): initials in titles, breadcrumbs and text, for every caseworker
who reaches them; the person's own page keeps the full name, and so do these pages for everyone else."""

import pytest
from django.utils import timezone

from meetings.models import RecommendationCategory
from meetings.tests.factories import book, held_multi_party, recommend
from meetings.tests.finding_factories import record
from participants import services as participant_services
from participants.models import Participant
from participants.tests.factories import register
from questionnaire import services as questionnaire_services
from questionnaire.tests.factories import make_version

FIRST, LAST = "Hemlighet", "Skyddsdotter"
CAN_REACH = ["af.handlaggare", "malmo.handlaggare"]  # registered by AF, a waiver naming AMA


def person_and_pages(demo_staff, orgs, *, protected):
    """A person registered by AF with a waiver naming AMA, and the URLs of every page about them but their own."""
    af, malmo = demo_staff["af.handlaggare"], demo_staff["malmo.handlaggare"]
    participant = register(af, first_name=FIRST, last_name=LAST)
    participant_services.register_waivers(
        participant=participant, organisations=[orgs["ama"]], valid_from=timezone.localdate(), valid_to=None,
        form="skriftligt", by=af,
    )  # fmt: skip
    if protected:
        Participant.objects.filter(pk=participant.pk).update(protected_identity="sekretessmarkering", address="")
        participant.refresh_from_db()
    held = held_multi_party(participant, af, staff=[af, malmo])
    booked = book(participant, af, staff=[af, malmo])
    category = RecommendationCategory.objects.get(name="Malmö stad – arbetsmarknadsinsats")
    recommendation = recommend(participant, af, meeting=held, category=category)
    finding = record(participant, af)
    version = make_version()
    questionnaire_services.save_response(
        meeting=held, version=version, answers={}, complete=False, expected_revision=0, by=af
    )
    answer = f"/formular/svar/{held.pk}/{version.questionnaire_id}/"
    pages = {
        "meeting": f"/moten/{held.pk}/",
        "meeting_edit": f"/moten/{booked.pk}/andra/",
        "meeting_outcome": f"/moten/{booked.pk}/utfall/",
        "meeting_create": f"/deltagare/{participant.pk}/moten/nytt/",
        "reviews": f"/deltagare/{participant.pk}/genomlysning/",
        "review_create": f"/deltagare/{participant.pk}/genomlysning/ny/",
        "recommendation": f"/rekommendationer/{recommendation.pk}/",
        "recommendation_edit": f"/rekommendationer/{recommendation.pk}/andra/",
        "recommendation_status": f"/rekommendationer/{recommendation.pk}/status/",
        "recommendation_create": f"/deltagare/{participant.pk}/rekommendationer/ny/",
        "finding": f"/iakttagelser/{finding.pk}/",
        "finding_edit": f"/iakttagelser/{finding.pk}/andra/",
        "finding_create": f"/deltagare/{participant.pk}/iakttagelser/ny/",
        "answer": answer,
        "answer_view": answer + "visa/",
    }
    return participant, pages


@pytest.mark.parametrize("role", CAN_REACH)
def test_pages_about_a_protected_person_give_initials(client, demo_staff, orgs, role):
    participant, pages = person_and_pages(demo_staff, orgs, protected=True)
    client.force_login(demo_staff[role])
    for which, url in pages.items():
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, which
        assert "H. S." in page, which
        assert FIRST not in page and LAST not in page, which
    own = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert f"{FIRST} {LAST}" in own  # their own page names them


def test_pages_about_an_unprotected_person_give_the_full_name(client, demo_staff, orgs):
    participant, pages = person_and_pages(demo_staff, orgs, protected=False)
    client.force_login(demo_staff["malmo.handlaggare"])
    for which, url in pages.items():
        page = client.get(url).content.decode()
        assert f"{FIRST} {LAST}" in page and "H. S." not in page, which


def test_the_participant_string_gives_initials_for_protected_personal_data(demo_staff):
    participant = register(demo_staff["af.handlaggare"], first_name=FIRST, last_name=LAST)
    assert str(participant) == f"{FIRST} {LAST}"
    Participant.objects.filter(pk=participant.pk).update(protected_identity="skyddad_folkbokforing", address="")
    participant.refresh_from_db()
    assert str(participant) == "H. S."  # admin pages, messages and logs
