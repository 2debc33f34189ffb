"""Recording occupation and support at registration, closing and the follow-ups (issue 16)."""

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from insikt.locking import ConcurrentEditError
from insikt.models import AccessLog
from participants import outcomes, services
from participants.models import ClosingReason, Outcome, OutcomeMoment, Status
from participants.outcomes import CLOSING, REGISTRATION, Moment, add_months
from participants.tests.factories import register

FOLLOW_UP_3 = Moment(OutcomeMoment.FOLLOW_UP, 3)


@pytest.fixture
def af(demo_staff):
    return demo_staff["af.handlaggare"]


@pytest.fixture
def participant(af):
    today = timezone.localdate()
    return register(af, first_name="Stina", last_name="Utfall", registered_on=today - timedelta(days=200),
                    job_entered_on=today - timedelta(days=1000))  # fmt: skip


def close(participant, by, days_ago=0, **outcome):
    participant.refresh_from_db()
    outcomes.close_with_outcome(participant=participant, reason=ClosingReason.EMPLOYED,
                               closed_on=timezone.localdate() - timedelta(days=days_ago),
                               expected_version=participant.version, by=by, **outcome)  # fmt: skip
    participant.refresh_from_db()


def url(participant, slug):
    return f"/deltagare/{participant.pk}/sysselsattning/{slug}/"


def post(client, participant, slug, **data):
    data = {"recorded_on": timezone.localdate().isoformat(), "form_token": str(uuid.uuid4()), **data}
    return client.post(url(participant, slug), data)


def test_recording_the_registration_outcome(client, af, participant):
    client.force_login(af)
    response = post(client, participant, "anmalan", occupation="arbetssokande",
                    supports=["aktivitetsstod", "ekonomiskt_bistand"])  # fmt: skip
    assert response.status_code == 302
    outcome = Outcome.objects.get(participant=participant)
    assert (outcome.moment, outcome.occupation, outcome.recorded_by) == ("inskrivning", "arbetssokande", af)
    assert sorted(outcome.supports.values_list("support", flat=True)) == ["aktivitetsstod", "ekonomiskt_bistand"]
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert "Sysselsättning och försörjning" in page
    assert "Aktivitetsstöd eller utvecklingsersättning, Ekonomiskt bistånd" in page
    assert AccessLog.objects.filter(participant_id=participant.pk, action="change",
                                    detail="sysselsättning anmalan").count() == 1  # fmt: skip


def test_bad_input_is_said_on_the_field_in_swedish_and_nothing_typed_is_lost(client, af, participant):
    client.force_login(af)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post(client, participant, "anmalan", recorded_on=future, supports=["ingen", "lon"])
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["recorded_on"] == ["Datumet kan inte ligga i framtiden."]
    assert form.errors["occupation"] == ["Välj sysselsättning."]
    assert "kan inte väljas tillsammans" in form.errors["supports"][0]
    page = response.content.decode()
    assert f'value="{future}"' in page
    assert 'value="lon" checked' in page.replace("\n", " ") or "checked" in page
    assert form["supports"].value() == ["ingen", "lon"]
    response = post(client, participant, "anmalan", occupation="studier")
    assert response.context["form"].errors["supports"] == ["Välj minst en försörjning."]
    assert response.context["form"]["occupation"].value() == "studier"
    assert not Outcome.objects.exists()


def test_not_reached_only_for_follow_ups_and_follow_ups_only_after_closing(client, af, participant):
    client.force_login(af)
    response = post(client, participant, "anmalan", not_reached="on", occupation="annat", supports=["annan"])
    assert response.status_code == 302  # the registration form has no such field: the rest is recorded
    assert not Outcome.objects.get().not_reached
    response = client.get(url(participant, "uppfoljning-3"), follow=True)
    assert "Uppföljningar registreras först när deltagaren är avslutad." in response.content.decode()
    assert client.get(url(participant, "uppfoljning-4")).status_code == 404  # not a configured month
    close(participant, af, days_ago=100, occupation="arbete", supports=["lon"])
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert url(participant, "uppfoljning-3") in page  # due: offered
    assert url(participant, "uppfoljning-12") not in page and "görs från" in page  # not yet: its day is said
    response = post(client, participant, "uppfoljning-3", not_reached="on", occupation="arbete")
    assert "lämna sysselsättning och försörjning tomma" in response.context["form"].errors["not_reached"][0]
    assert post(client, participant, "uppfoljning-3", not_reached="on").status_code == 302
    follow_up = Outcome.objects.get(moment=OutcomeMoment.FOLLOW_UP)
    assert (follow_up.months_after, follow_up.not_reached, follow_up.occupation) == (3, True, "")
    assert "Gick inte att nå" in client.get(f"/deltagare/{participant.pk}/").content.decode()


def test_the_dates_follow_closing(client, af, participant):
    client.force_login(af)
    close(participant, af, days_ago=10, occupation="arbete", supports=["lon"])
    before_closing = (timezone.localdate() - timedelta(days=11)).isoformat()
    after_closing = (timezone.localdate() - timedelta(days=5)).isoformat()
    response = post(client, participant, "uppfoljning-3", recorded_on=before_closing, occupation="arbete",
                    supports=["lon"])  # fmt: skip
    assert "En uppföljning kan inte ligga före avslutet" in response.context["form"].errors["recorded_on"][0]
    response = post(client, participant, "anmalan", recorded_on=after_closing, occupation="arbete", supports=["lon"])
    assert "kan inte ligga efter avslutet" in response.context["form"].errors["recorded_on"][0]


def test_a_correction_claims_the_version_and_a_conflict_keeps_what_was_typed(client, af, demo_staff, participant):
    outcomes.record_outcome(participant=participant, moment=REGISTRATION, recorded_on=participant.registered_on,
                            occupation="arbetssokande", supports=["aktivitetsstod"], by=af)  # fmt: skip
    client.force_login(af)
    opened = client.get(url(participant, "anmalan")).context["form"]
    assert opened.initial["version"] == 1 and opened.initial["occupation"] == "arbetssokande"
    colleague = demo_staff["projektledare"]
    outcomes.record_outcome(participant=participant, moment=REGISTRATION, recorded_on=participant.registered_on,
                            occupation="studier", supports=["studiemedel"], expected_version=1, by=colleague)  # fmt: skip
    response = post(client, participant, "anmalan", occupation="annan_insats", supports=["ekonomiskt_bistand"],
                    version=1)  # fmt: skip
    assert response.status_code == 200 and response.context["conflict"]
    assert "Någon annan har registrerat" in response.content.decode()
    form = response.context["form"]
    assert form["occupation"].value() == "annan_insats" and form["version"].value() == 2
    saved = Outcome.objects.get()
    assert (saved.occupation, saved.recorded_by) == ("studier", colleague)
    data = {k: v for k, v in form.data.items()}
    response = client.post(url(participant, "anmalan"), {**data, "supports": ["ekonomiskt_bistand"]})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.occupation, saved.version, saved.recorded_by) == ("annan_insats", 3, af)
    assert list(saved.supports.values_list("support", flat=True)) == ["ekonomiskt_bistand"]


def test_two_people_recording_the_same_moment_and_a_double_submit(af, demo_staff, participant):
    token = uuid.uuid4()
    values = {"participant": participant, "moment": REGISTRATION, "recorded_on": participant.registered_on,
              "occupation": "arbetssokande", "supports": ["aktivitetsstod"]}  # fmt: skip
    first, written = outcomes.record_outcome(**values, by=af, token=token)
    again, written_again = outcomes.record_outcome(**values, by=af, token=token)
    assert written and not written_again and again.pk == first.pk
    with pytest.raises(ConcurrentEditError) as error:
        outcomes.record_outcome(**values, by=demo_staff["projektledare"], token=uuid.uuid4())
    assert error.value.saved.pk == first.pk
    corrected, _w = outcomes.record_outcome(**{**values, "occupation": "studier"}, expected_version=1, by=af,
                                            token=(second := uuid.uuid4()))  # fmt: skip
    repeat, written = outcomes.record_outcome(**{**values, "occupation": "studier"}, expected_version=1, by=af,
                                              token=second)  # fmt: skip
    assert not written and repeat.version == 2
    assert Outcome.objects.count() == 1


def test_closing_records_the_closing_outcome_in_the_same_transaction(client, af, participant):
    client.force_login(af)
    participant.refresh_from_db()
    response = client.post(f"/deltagare/{participant.pk}/avsluta/", {
        "reason": ClosingReason.EMPLOYED, "closed_on": timezone.localdate().isoformat(),
        "version": participant.version, "supports": ["lon", "ingen"]})  # fmt: skip
    form = response.context["form"]
    assert form.errors["occupation"] == ["Välj sysselsättning."]
    assert "kan inte väljas tillsammans" in form.errors["supports"][0]
    assert response.context["form"]["reason"].value() == ClosingReason.EMPLOYED
    participant.refresh_from_db()
    assert participant.status != Status.CLOSED
    response = client.post(f"/deltagare/{participant.pk}/avsluta/", {
        "reason": ClosingReason.EMPLOYED, "closed_on": timezone.localdate().isoformat(),
        "version": participant.version, "occupation": "arbete", "supports": ["lon"]})  # fmt: skip
    assert response.status_code == 302
    outcome = Outcome.objects.get(participant=participant)
    assert (outcome.moment, outcome.occupation, outcome.recorded_on) == ("avslut", "arbete", timezone.localdate())
    assert list(outcome.supports.values_list("support", flat=True)) == ["lon"]


def test_a_closing_that_fails_records_no_outcome(af, participant):
    with pytest.raises(ConcurrentEditError):
        outcomes.close_with_outcome(participant=participant, reason=ClosingReason.EMPLOYED,
                                   closed_on=timezone.localdate(), expected_version=participant.version + 5, by=af,
                                   occupation="arbete", supports=["lon"])  # fmt: skip
    assert not Outcome.objects.exists()


def test_nothing_is_recorded_on_an_anonymised_participant(client, af, participant):
    services.anonymise_participant(participant)
    client.force_login(af)
    assert client.get(url(participant, "anmalan")).status_code == 404
    assert post(client, participant, "anmalan", occupation="arbete", supports=["lon"]).status_code == 404
    assert not Outcome.objects.exists()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(date(2027, 1, 31), 1, date(2027, 2, 28)), (date(2026, 11, 15), 3, date(2027, 2, 15)),
     (date(2026, 6, 30), 12, date(2027, 6, 30)), (date(2027, 3, 31), -1, date(2027, 2, 28))],
)  # fmt: skip
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_a_follow_up_is_due_from_the_day_n_months_after_closing(af, participant, monkeypatch):
    close(participant, af, days_ago=0, occupation="arbete", supports=["lon"])
    closed_on = participant.closed_on
    for today, due in [(add_months(closed_on, 3) - timedelta(days=1), False), (add_months(closed_on, 3), True)]:
        assert outcomes.follow_up_due(af, today, FOLLOW_UP_3).filter(pk=participant.pk).exists() == due
    outcomes.record_outcome(participant=participant, moment=FOLLOW_UP_3, recorded_on=closed_on, not_reached=True,
                            by=af)  # fmt: skip
    assert not outcomes.follow_up_due(af, add_months(closed_on, 3), FOLLOW_UP_3).exists()
    assert CLOSING.slug == "avslut" and FOLLOW_UP_3.slug == "uppfoljning-3"
