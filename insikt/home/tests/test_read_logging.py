"""Every page that shows a participant (or one of its objects) writes exactly one read to the access log.

The walk goes over every URL pattern of the project: a pattern that takes an opaque id must either be
listed here with a way to build it, or be named as not about a participant. A new page that shows a
person cannot be added without this test noticing, and cannot forget the log because fetching the
participant for a request is what writes it.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from insikt.models import AccessLog
from meetings.models import HistoryReview
from meetings.tests.factories import book, held_multi_party, recommend
from meetings.tests.finding_factories import record
from participants import services
from questionnaire import services as questionnaire_services
from questionnaire.tests.factories import make_version

# Patterns with an id that are not about a participant.
NOT_ABOUT_A_PARTICIPANT = {
    "password_set",
    "questionnaire:version",
    "questionnaire:diff",
    "reports:download",
    "reports:detail",
    "reports:table_csv",
    "reports:preview",
    "reports:generate",
    "reports:generating",
    "reports:log_review",
    # The evaluator's export requests: a period and a purpose; the export names no one (reports.exports).
    "exports:detail",
    "exports:decide",
    "exports:produce",
    # The steering group's meetings, points, agendas and decisions: about the project, never a person.
    "reports:steering_meeting",
    "reports:steering_meeting_edit",
    "reports:steering_point_remove",
    "reports:steering_agenda",
    "reports:steering_agenda_preview",
    "reports:steering_publish",
    "reports:steering_decision_create",
    "reports:steering_decision",
    "reports:steering_agenda_pdf",
    "reports:area_summary",  # an area's text for a report period
    # POST only: a GET only sends back to the quote page, which is walked below as the project leader.
    "reports:quote_remove",
}
# The project leader's pages about a participant's finding (the analysis of findings).
PROJECT_LEADER_PAGES = {"reports:quote"}
POST_ONLY = {
    "participants:status",
    "participants:responsible",
    "participants:access_request_answer",
    "participants:task_done",
}


def named_patterns(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # the admin's participant pages are walked below
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.pattern.converters:
            yield f"{namespace}{pattern.name}"


@pytest.fixture
def one_of_everything(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    af = world["staff"]["af.handlaggare"]
    participant = world["shared"]
    pdf = ContentFile(b"%PDF-1.4 test", name="samtycke.pdf")
    consent = services.register_consent(participant=participant, given_on=timezone.localdate(), form="skriftligt",
                                        document=pdf, by=af)  # fmt: skip
    waiver = participant.waivers.first()
    meeting = held_multi_party(participant, af, days_ago=2)
    booked = book(participant, af)
    recommendation = recommend(participant, af, meeting=meeting)
    review = HistoryReview.objects.create(participant=participant, organisation=af.organisation, created_by=af,
                                          updated_by=af)  # fmt: skip
    version = make_version()
    questionnaire_services.save_response(meeting=meeting, version=version, answers={}, complete=False,
                                         expected_revision=0, by=af)  # fmt: skip
    from participants.models import AccessRequest

    malmo = world["staff"]["malmo.handlaggare"]
    asked = AccessRequest.objects.create(participant=participant, requested_by=malmo, organisation=malmo.organisation)
    from participants.models import Task

    task = Task.objects.create(participant=participant, organisation=af.organisation, title="Ring", created_by=af,
                               due_on=timezone.localdate(), assigned_to=af)  # fmt: skip
    finding = record(participant, af, history_review=review)
    p, q = participant.pk, version.questionnaire_id
    kwargs = {
        "participants:detail": {"pk": p},
        "participants:edit": {"pk": p},
        "participants:status": {"pk": p},
        "participants:close": {"pk": p},
        "participants:reopen": {"pk": p},
        "participants:responsible": {"pk": p},
        "participants:access_request_answer": {"pk": p, "request_pk": asked.pk},
        "participants:consent_create": {"pk": p},
        "participants:consent_withdraw": {"pk": p, "consent_pk": consent.pk},
        "participants:waiver_create": {"pk": p},
        "participants:waiver_withdraw": {"pk": p, "waiver_pk": waiver.pk},
        "participants:document": {"pk": p, "kind": "samtycke", "document_pk": consent.pk},
        "participants:task_create": {"pk": p},
        "participants:task_done": {"pk": p, "task_pk": task.pk},
        "participants:outcome": {"pk": p, "moment": "anmalan"},
        "meetings:detail": {"pk": meeting.pk},
        "meetings:edit": {"pk": booked.pk},
        "meetings:outcome": {"pk": meeting.pk},
        "meetings:calendar": {"pk": meeting.pk},
        "meetings:create": {"pk": p},
        "meetings:reviews": {"pk": p},
        "meetings:review_create": {"pk": p},
        "meetings:review_edit": {"pk": p, "review_pk": review.pk},
        "meetings:recommendation_create": {"pk": p},
        "meetings:recommendation": {"pk": recommendation.pk},
        "meetings:recommendation_edit": {"pk": recommendation.pk},
        "meetings:recommendation_status": {"pk": recommendation.pk},
        "meetings:recommendation_pdf": {"pk": recommendation.pk},
        "meetings:finding_create": {"pk": p},
        "meetings:finding": {"pk": finding.pk},
        "meetings:finding_edit": {"pk": finding.pk},
        "reports:quote": {"pk": finding.pk, "kind": "beskrivning"},
        "questionnaire:answer": {"meeting_pk": meeting.pk, "questionnaire_pk": q},
        "questionnaire:response": {"meeting_pk": meeting.pk, "questionnaire_pk": q},
        "reports:extract_pdf": {"pk": p},
        "reports:extract_json": {"pk": p},
    }
    return participant, af, kwargs


def test_every_page_about_a_participant_is_known_to_this_walk(one_of_everything):
    _participant, _af, kwargs = one_of_everything
    unknown = set(named_patterns()) - set(kwargs) - NOT_ABOUT_A_PARTICIPANT
    assert not unknown, f"Pages with an id that this walk does not know: {sorted(unknown)}"


def test_each_page_writes_one_read_of_the_participant(client, one_of_everything):
    participant, af, kwargs = one_of_everything
    project_leader = af.organisation.staff.get(username="projektledare")
    for name, arguments in kwargs.items():
        client.force_login(project_leader if name in PROJECT_LEADER_PAGES else af)
        url = reverse(name, kwargs=arguments)
        last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.post(url) if name in POST_ONLY else client.get(url)
        assert response.status_code in (200, 302), (name, response.status_code)
        written = AccessLog.objects.filter(id__gt=last, participant_id=participant.pk)
        actions = list(written.values_list("action", flat=True))
        assert len(actions) == 1 and actions[0] in ("view", "file", "export"), (name, actions)


@pytest.mark.parametrize("page", ["change", "history"])
def test_the_admins_pages_of_a_participant_are_reads_too(client, one_of_everything, page):
    participant, _af, _kwargs = one_of_everything
    client.force_login(participant.registering_organisation.staff.get(username="projektledare"))
    before = AccessLog.objects.filter(participant_id=participant.pk).count()
    response = client.get(f"/admin/participants/participant/{participant.pk}/{page}/")
    assert response.status_code == 200
    assert AccessLog.objects.filter(participant_id=participant.pk).count() == before + 1


def test_a_search_that_finds_people_logs_each_one_shown(client, world):
    af = world["staff"]["af.handlaggare"]
    client.force_login(af)
    client.get("/deltagare/", {"q": "Delad"})
    assert AccessLog.objects.filter(participant_id=world["shared"].pk, detail="sökträff").count() == 1
    client.post("/deltagare/", {"q": world["own"].formatted_personnummer})
    assert AccessLog.objects.filter(participant_id=world["own"].pk, detail="sökning på personnummer").exists()
    client.get("/deltagare/")  # browsing the list without a search is not a read of each row
    assert AccessLog.objects.filter(participant_id=world["other"].pk).count() == 0


def test_the_start_page_is_never_stored(client, world):
    client.force_login(world["staff"]["af.handlaggare"])
    assert "no-store" in client.get("/")["Cache-Control"]
