"""History review (genomlysning): one per organisation, structured rows, validation, double submits, status."""

import uuid
from datetime import date

import pytest

from insikt.models import AccessLog
from meetings.models import HistoryReview, ProgrammeType, ReviewBenefit, ReviewProgramme
from meetings.tests.factories import consent
from participants.models import Status


def rows(prefix, items, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "60",
    }
    for index, item in enumerate(items):
        data.update({f"{prefix}-{index}-{key}": value for key, value in item.items()})
    return data


def review_data(*, programmes=(), benefits=(), events=(), completed=False, version="", **fields):
    data = {
        "earlier_plans": "Handlingsplan 2019.",
        "summary": "Lång tid i insatser.",
        "form_token": str(uuid.uuid4()),
        "version": version,
        **rows("program", list(programmes)),
        **rows("ersattning", list(benefits)),
        **rows("handelse", list(events)),
        **fields,
    }
    if completed:
        data["completed"] = "on"
    return data


@pytest.fixture
def practice():
    return ProgrammeType.objects.get(name="Praktik")


def programme(kind, start, end="", provider="Lernia"):
    return {"programme_type": kind.pk, "provider": provider, "starts_on": start, "ends_on": end}


def test_the_programme_types_are_seeded_and_configurable(db):
    names = list(ProgrammeType.objects.values_list("name", flat=True))
    assert names[:3] == ["Rusta och matcha", "Arbetsträning", "Lönebidrag"]
    assert "SFI/Komvux" in names and names[-1] == "Annat"


def test_a_caseworker_writes_the_organisations_review(client, world, practice):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    client.force_login(af)
    assert client.get(f"/deltagare/{participant.pk}/genomlysning/ny/").status_code == 200
    response = client.post(
        f"/deltagare/{participant.pk}/genomlysning/ny/",
        review_data(
            programmes=[programme(practice, "2019-01-01", "2019-06-30"), programme(practice, "2021-03-01")],
            benefits=[{"benefit_type": "aktivitetsstod", "starts_on": "2018-05-01", "ends_on": ""}],
            events=[{"category": "boende", "occurred_on": "2020-02-01", "description": "Bostadslös en period."}],
        ),
    )
    assert response.status_code == 302 and response.url == f"/deltagare/{participant.pk}/genomlysning/"
    review = HistoryReview.objects.get()
    assert (review.organisation.code, review.created_by, review.completed_on) == ("af", af, None)
    assert [(p.starts_on, p.ends_on) for p in review.programmes.all()] == [
        (date(2019, 1, 1), date(2019, 6, 30)),
        (date(2021, 3, 1), None),
    ]
    assert review.benefits.get().benefit_type == "aktivitetsstod"
    assert review.events.get().description == "Bostadslös en period."
    assert AccessLog.objects.filter(user=af, action="change", detail=f"genomlysning {review.pk}").exists()
    page = client.get(f"/deltagare/{participant.pk}/genomlysning/").content.decode()
    assert "Praktik" in page and "Lernia" in page and "2021-03-01 – pågår" in page and "Bostadslös" in page


def test_an_end_before_the_start_is_refused_and_nothing_typed_is_lost(client, world, practice):
    client.force_login(world["staff"]["af.handlaggare"])
    response = client.post(
        f"/deltagare/{world['own'].pk}/genomlysning/ny/",
        review_data(
            programmes=[programme(practice, "2020-05-01", "2020-04-01", provider="Hermods")],
            benefits=[{"benefit_type": "", "starts_on": "2020-01-01", "ends_on": ""}],
            summary="Min sammanfattning",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Slutdatumet ligger före startdatumet." in page
    assert "Välj ersättning." in page
    assert 'value="Hermods"' in page and 'value="2020-05-01"' in page and "Min sammanfattning" in page
    assert not HistoryReview.objects.exists() and not ReviewProgramme.objects.exists()


def test_dates_in_the_future_are_refused(client, world, practice):
    client.force_login(world["staff"]["af.handlaggare"])
    response = client.post(
        f"/deltagare/{world['own'].pk}/genomlysning/ny/",
        review_data(programmes=[programme(practice, "2999-01-01")]),
    )
    assert "Datumet kan inte ligga i framtiden." in response.content.decode()


def test_the_same_review_form_sent_twice_creates_one_review(client, world, practice):
    client.force_login(world["staff"]["af.handlaggare"])
    data = review_data(programmes=[programme(practice, "2019-01-01", "2019-02-01")])
    first = client.post(f"/deltagare/{world['own'].pk}/genomlysning/ny/", data)
    second = client.post(f"/deltagare/{world['own'].pk}/genomlysning/ny/", data, follow=True)
    assert first.status_code == 302
    assert "Genomlysningen var redan sparad." in second.content.decode()
    assert HistoryReview.objects.count() == 1 and ReviewProgramme.objects.count() == 1


def test_a_second_new_review_for_the_same_organisation_is_refused_with_what_was_typed(client, world, practice):
    client.force_login(world["staff"]["af.handlaggare"])
    client.post(f"/deltagare/{world['own'].pk}/genomlysning/ny/", review_data())
    client.force_login(world["staff"]["projektledare"])  # same organisation, a form opened before the first save
    response = client.post(f"/deltagare/{world['own'].pk}/genomlysning/ny/", review_data(summary="Projektledarens"))
    page = response.content.decode()
    assert "har redan påbörjat en genomlysning" in page and "Projektledarens" in page
    assert HistoryReview.objects.count() == 1
    # Opening "new" again goes to the organisation's review instead.
    review = HistoryReview.objects.get()
    response = client.get(f"/deltagare/{world['own'].pk}/genomlysning/ny/")
    assert response.url == f"/deltagare/{world['own'].pk}/genomlysning/{review.pk}/andra/"


def test_editing_replaces_the_rows_and_removes_marked_ones(client, world, practice):
    client.force_login(world["staff"]["af.handlaggare"])
    participant = world["own"]
    client.post(
        f"/deltagare/{participant.pk}/genomlysning/ny/",
        review_data(programmes=[programme(practice, "2019-01-01", "2019-02-01"), programme(practice, "2020-01-01")]),
    )
    review = HistoryReview.objects.get()
    form = client.get(f"/deltagare/{participant.pk}/genomlysning/{review.pk}/andra/").context
    assert form["programmes"].initial_form_count() == 2
    data = review_data(version=review.version, summary="Ny sammanfattning")
    data.update(
        rows(
            "program",
            [
                {**programme(practice, "2019-01-01", "2019-03-01"), "DELETE": ""},
                {**programme(practice, "2020-01-01"), "DELETE": "on"},
                {"programme_type": "", "provider": "", "starts_on": "", "ends_on": ""},
            ],
            initial=2,
        )
    )
    response = client.post(f"/deltagare/{participant.pk}/genomlysning/{review.pk}/andra/", data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.summary == "Ny sammanfattning" and review.version == 2
    assert [(p.starts_on, p.ends_on) for p in review.programmes.all()] == [(date(2019, 1, 1), date(2019, 3, 1))]


def test_another_organisations_review_cannot_be_edited(client, world):
    af, malmo = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    participant = world["shared"]
    client.force_login(af)
    client.post(f"/deltagare/{participant.pk}/genomlysning/ny/", review_data())
    review = HistoryReview.objects.get()
    client.force_login(malmo)
    assert client.get(f"/deltagare/{participant.pk}/genomlysning/").status_code == 200  # read: yes
    assert client.get(f"/deltagare/{participant.pk}/genomlysning/{review.pk}/andra/").status_code == 404


def test_concurrent_edits_of_a_review_do_not_silently_overwrite(client, world):
    client.force_login(world["staff"]["af.handlaggare"])
    participant = world["own"]
    client.post(f"/deltagare/{participant.pk}/genomlysning/ny/", review_data())
    review = HistoryReview.objects.get()
    url = f"/deltagare/{participant.pk}/genomlysning/{review.pk}/andra/"
    assert client.post(url, review_data(version=1, summary="Först")).status_code == 302
    response = client.post(url, review_data(version=1, summary="Sedan"))
    assert "Någon annan har ändrat genomlysningen" in response.content.decode()
    review.refresh_from_db()
    assert review.summary == "Först"


def test_when_every_organisation_has_completed_its_review_the_participant_is_reviewed(client, world):
    af, malmo, social = (world["staff"][u] for u in ("af.handlaggare", "malmo.handlaggare", "socialsekreterare"))
    participant = world["shared"]  # AF registered it; the waiver names AMA and Ekonomiskt bistånd
    consent(participant, af)
    for user in (af, malmo):
        client.force_login(user)
        client.post(f"/deltagare/{participant.pk}/genomlysning/ny/", review_data(completed=True))
    participant.refresh_from_db()
    assert participant.status == Status.CONSENTED  # Ekonomiskt bistånd has not completed yet
    client.force_login(social)
    page = client.get(f"/deltagare/{participant.pk}/genomlysning/").content.decode()
    assert "Väntar på klar genomlysning från: Malmö stad – Ekonomiskt bistånd." in page
    client.post(f"/deltagare/{participant.pk}/genomlysning/ny/", review_data(completed=True))
    participant.refresh_from_db()
    assert participant.status == Status.REVIEWED
    assert HistoryReview.objects.filter(completed_on__isnull=False).count() == 3


def test_a_completed_review_without_consent_does_not_move_the_status(client, world):
    client.force_login(world["staff"]["af.handlaggare"])
    client.post(f"/deltagare/{world['own'].pk}/genomlysning/ny/", review_data(completed=True))
    world["own"].refresh_from_db()
    assert world["own"].status == Status.REGISTERED
    assert ReviewBenefit.objects.count() == 0
