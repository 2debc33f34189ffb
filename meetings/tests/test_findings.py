"""Findings (iakttagelser): recording and changing them through the pages, their rules and Swedish messages,
double submit and concurrent edits, the access log, and anonymised participants."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from insikt.locking import ConcurrentEditError
from insikt.models import AccessLog, Organisation
from meetings.findings import services
from meetings.models import Finding, FindingType, HistoryReview
from meetings.tests.factories import book, held_multi_party
from meetings.tests.finding_factories import record
from participants import services as participant_services
from participants.models import Participant


@pytest.fixture
def af(world):
    return world["staff"]["af.handlaggare"]


@pytest.fixture
def participant(world):
    return world["own"]


def form_data(**changes):
    data = {
        "organisation": str(Organisation.objects.get(code="fk").pk),
        "other_organisation": "",
        "area": "halsa",
        "finding_type": str(FindingType.objects.get(name="Kontakt eller överlämning brast").pk),
        "period_from": "2021-03-01",
        "period_to": "2021-09-30",
        "description": "Sjukskrivningen följdes inte upp och planeringen avbröts.",
        "suggested_change": "Gemensam avstämning när en sjukskrivning upphör.",
        "source": "",
        "form_token": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def test_recording_a_finding_from_the_participant_page(client, participant, af):
    client.force_login(af)
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    assert f"/deltagare/{participant.pk}/iakttagelser/ny/" in page and "Lägg till iakttagelse" in page
    form = client.get(f"/deltagare/{participant.pk}/iakttagelser/ny/").content.decode()
    assert "Försäkringskassan" in form and "Region Skåne" in form and "Annan organisation" in form
    response = client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", form_data())
    assert response.status_code == 302 and response.url.endswith("#iakttagelser")
    finding = Finding.objects.get(participant=participant)
    assert finding.organisation.code == "fk" and finding.area == "halsa"
    assert (finding.period_from, finding.period_to) == (date(2021, 3, 1), date(2021, 9, 30))
    assert finding.recorded_by == af and finding.recorded_by_organisation == af.organisation
    assert finding.recorded_on == timezone.localdate() and not finding.anonymised
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    section = page[page.index('id="iakttagelser"') :]
    for shown in ("Hälsa", "Kontakt eller överlämning brast", "Försäkringskassan", "2021-03-01 – 2021-09-30",
                  "Sjukskrivningen följdes inte upp"):  # fmt: skip
        assert shown in section, shown
    detail = client.get(f"/iakttagelser/{finding.pk}/").content.decode()
    assert "Gemensam avstämning när en sjukskrivning upphör." in detail and "Anders Holm, AF" in detail


def test_another_organisation_is_named(client, participant, af):
    client.force_login(af)
    data = form_data(organisation="annan", other_organisation="  Kriminalvården ")
    assert client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", data).status_code == 302
    finding = Finding.objects.get()
    assert finding.organisation is None and finding.other_organisation == "Kriminalvården"
    assert finding.organisation_label == "Kriminalvården"


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"description": "  "}, "description", "Beskriv kort vad som hände."),
        ({"organisation": ""}, "organisation", "Välj vilken organisation iakttagelsen gäller."),
        ({"organisation": "annan"}, "other_organisation", "Skriv vilken organisation iakttagelsen gäller."),
        ({"area": ""}, "area", "Välj insiktsområde."),
        ({"finding_type": ""}, "finding_type", "Välj typ av iakttagelse."),
        ({"period_from": "1 mars"}, "period_from", "Ange datum som ÅÅÅÅ-MM-DD."),
        ({"period_to": "2021-01-01"}, "period_to", "Slutdatumet ligger före startdatumet."),
        ({"period_to": "2999-01-01"}, "period_to", "datumet kan inte ligga i framtiden"),
        ({"source": "mote:" + str(uuid.uuid4())}, "source", "Välj ett giltigt alternativ"),
    ],
)
def test_bad_input_is_explained_on_its_field_and_nothing_is_lost(client, participant, af, changes, field, message):
    client.force_login(af)
    data = form_data(**changes)
    response = client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", data)
    assert response.status_code == 200 and not Finding.objects.exists()
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    page = response.content.decode()
    assert data["description"].strip() in page or not data["description"].strip()
    assert "Gemensam avstämning när en sjukskrivning upphör." in page


def test_every_problem_shows_at_once_and_each_message_once(client, participant, af):
    client.force_login(af)
    data = form_data(organisation="annan", finding_type="", description="")
    response = client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", data)
    errors = response.context["form"].errors
    assert set(errors) == {"other_organisation", "finding_type", "description"}
    assert errors["description"] == ["Beskriv kort vad som hände."]
    assert response.content.decode().count("Beskriv kort vad som hände.") == 1


def test_a_retired_type_is_not_offered_but_stays_on_existing_findings(client, participant, af):
    finding = record(participant, af, finding_type="Samordning saknades")
    retired = FindingType.objects.get(name="Samordning saknades")
    FindingType.objects.filter(pk=retired.pk).update(active=False)
    client.force_login(af)
    assert "Samordning saknades" not in client.get(f"/deltagare/{participant.pk}/iakttagelser/ny/").content.decode()
    response = client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", form_data(finding_type=str(retired.pk)))
    assert "finding_type" in response.context["form"].errors
    assert "Samordning saknades" in client.get(f"/iakttagelser/{finding.pk}/").content.decode()
    edit = client.get(f"/iakttagelser/{finding.pk}/andra/").content.decode()
    assert "Samordning saknades" in edit and "används inte längre" in edit
    data = form_data(finding_type=str(retired.pk), version=finding.version, description="Ny lydelse.")
    assert client.post(f"/iakttagelser/{finding.pk}/andra/", data).status_code == 302
    finding.refresh_from_db()
    assert finding.finding_type == retired and finding.description == "Ny lydelse."
    with pytest.raises(ValidationError, match="inte längre"):
        record(participant, af, finding_type="Samordning saknades")


def test_the_source_is_prefilled_from_a_review_and_a_held_meeting(client, participant, af):
    review = HistoryReview.objects.create(participant=participant, organisation=af.organisation, created_by=af,
                                          updated_by=af, completed_on=timezone.localdate())  # fmt: skip
    meeting = held_multi_party(participant, af)
    booked = book(participant, af, kind="flerpart", starts_at=timezone.now() + timedelta(days=9))
    client.force_login(af)
    reviews_page = client.get(f"/deltagare/{participant.pk}/genomlysning/").content.decode()
    assert f"/deltagare/{participant.pk}/iakttagelser/ny/?genomlysning={review.pk}" in reviews_page
    meeting_page = client.get(f"/moten/{meeting.pk}/").content.decode()
    assert f"/deltagare/{participant.pk}/iakttagelser/ny/?mote={meeting.pk}" in meeting_page
    assert "?mote=" not in client.get(f"/moten/{booked.pk}/").content.decode()  # not held: nothing to find yet
    form = client.get(f"/deltagare/{participant.pk}/iakttagelser/ny/?mote={meeting.pk}").context["form"]
    assert form.initial["source"] == f"mote:{meeting.pk}"
    assert f"mote:{booked.pk}" not in dict(form.fields["source"].choices)
    form = client.get(f"/deltagare/{participant.pk}/iakttagelser/ny/?genomlysning={review.pk}").context["form"]
    assert form.initial["source"] == f"genomlysning:{review.pk}"
    client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", form_data(source=f"genomlysning:{review.pk}"))
    client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", form_data(source=f"mote:{meeting.pk}"))
    assert Finding.objects.get(history_review=review).meeting is None
    assert Finding.objects.get(meeting=meeting).history_review is None
    assert "Sjukskrivningen följdes inte upp" in client.get(f"/moten/{meeting.pk}/").content.decode()
    assert (
        "Sjukskrivningen följdes inte upp" in client.get(f"/deltagare/{participant.pk}/genomlysning/").content.decode()
    )


def test_a_source_of_another_participant_is_refused_by_the_service(participant, af, world):
    other_meeting = held_multi_party(world["shared"], af)
    with pytest.raises(ValidationError) as refused:
        record(participant, af, meeting=other_meeting)
    assert "meeting" in refused.value.error_dict
    assert not Finding.objects.exists()


def test_a_double_submit_records_one_finding(client, participant, af):
    client.force_login(af)
    data = form_data()
    client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", data)
    response = client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", data, follow=True)
    assert Finding.objects.count() == 1
    assert "redan sparad" in response.content.decode()


def test_a_concurrent_edit_is_refused_and_keeps_what_was_typed(client, participant, af, world):
    finding = record(participant, af)
    opened = finding.version
    services.update_finding(finding=Finding.objects.get(pk=finding.pk), expected_version=opened,
                            by=world["staff"]["projektledare"])  # fmt: skip
    client.force_login(af)
    data = form_data(version=opened, description="Min version av beskrivningen.")
    response = client.post(f"/iakttagelser/{finding.pk}/andra/", data)
    assert response.status_code == 200 and response.context["conflict"]
    page = response.content.decode()
    assert "Någon annan har ändrat iakttagelsen" in page and "Min version av beskrivningen." in page
    finding.refresh_from_db()
    assert finding.description == "Ingen kontakt togs efter avbrottet i praktiken." and finding.version == opened + 1
    # Saving again from the form as re-bound (the saved version) is a deliberate overwrite.
    response = client.post(
        f"/iakttagelser/{finding.pk}/andra/", {**data, "version": response.context["form"]["version"].value()}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.description == "Min version av beskrivningen."
    with pytest.raises(ConcurrentEditError):
        services.update_finding(finding=finding, expected_version=opened, by=af)


def test_an_edit_keeps_who_recorded_it(client, participant, af, world):
    finding = record(participant, af)
    leader = world["staff"]["projektledare"]
    client.force_login(leader)
    data = form_data(version=finding.version)
    assert client.post(f"/iakttagelser/{finding.pk}/andra/", data).status_code == 302
    finding.refresh_from_db()
    assert finding.recorded_by == af and finding.area == "halsa" and finding.organisation.code == "fk"


def test_reads_and_changes_are_in_the_access_log_without_personal_data(client, participant, af):
    client.force_login(af)
    client.post(f"/deltagare/{participant.pk}/iakttagelser/ny/", form_data())
    finding = Finding.objects.get()
    for url in (f"/iakttagelser/{finding.pk}/", f"/iakttagelser/{finding.pk}/andra/"):
        before = AccessLog.objects.count()
        assert client.get(url).status_code == 200
        assert AccessLog.objects.count() == before + 1
    client.post(f"/iakttagelser/{finding.pk}/andra/", form_data(version=finding.version))
    entries = list(AccessLog.objects.filter(participant_id=participant.pk, user=af).values_list("action", "detail"))
    assert ("change", f"iakttagelse registrerad {finding.pk}") in entries
    assert ("change", f"iakttagelse ändrad {finding.pk}") in entries
    assert ("view", f"iakttagelse {finding.pk}") in entries
    assert ("view", f"iakttagelse {finding.pk} (ändra)") in entries
    assert ("view", "ny iakttagelse (formulär)") in entries
    for _, detail in entries:
        for personal in (participant.first_name, participant.last_name, participant.personnummer, "Sjukskrivning"):
            assert personal not in detail


def test_no_finding_on_an_anonymised_participant(client, participant, af):
    finding = record(participant, af, description="Handläggaren i Lund svarade aldrig.")
    participant_services.close_participant(participant=participant, reason="flyttat", closed_on=timezone.localdate(),
                                           expected_version=participant.version, by=af)  # fmt: skip
    services.anonymise_findings(participant)  # as the anonymise command does, before the participant itself
    participant_services.anonymise_participant(Participant.objects.get(pk=participant.pk))
    participant.refresh_from_db()
    client.force_login(af)
    assert client.get(f"/deltagare/{participant.pk}/iakttagelser/ny/").status_code == 404
    assert client.get(f"/iakttagelser/{finding.pk}/andra/").status_code == 404
    detail = client.get(f"/iakttagelser/{finding.pk}/")
    assert detail.status_code == 200 and "Beskrivningen och förslaget är borttagna" in detail.content.decode()
    assert "Lägg till iakttagelse" not in client.get(f"/deltagare/{participant.pk}/").content.decode()
    with pytest.raises(ValidationError, match="anonymiserad"):
        record(participant, af)
    finding.refresh_from_db()
    assert finding.anonymised and finding.description == "" and finding.area == "samverkan"


def test_a_repeated_submit_of_an_edit_is_not_a_conflict(client, participant, af):
    finding = record(participant, af)
    client.force_login(af)
    data = form_data(version=finding.version, description="Ändrad en gång.")
    assert client.post(f"/iakttagelser/{finding.pk}/andra/", data).status_code == 302
    response = client.post(f"/iakttagelser/{finding.pk}/andra/", data, follow=True)
    assert "Ändringarna var redan sparade." in response.content.decode()
    finding.refresh_from_db()
    assert finding.version == 2 and finding.description == "Ändrad en gång."
