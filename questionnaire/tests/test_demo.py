"""The demo questionnaire: v1 archived, v2 published, every area and type, and responses on both."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from insikt.areas import InsightArea
from participants.tests.factories import register
from questionnaire.demo import seed_questionnaire, seed_responses
from questionnaire.diff import diff_versions
from questionnaire.models import (
    Answer,
    AnswerChoice,
    Question,
    QuestionnaireVersion,
    QuestionType,
    Response,
    ResponseStatus,
    VersionStatus,
)
from questionnaire.tests.factories import make_meeting


def test_seed_questionnaire_is_idempotent_with_an_archived_v1_and_a_published_v2(db):
    published = seed_questionnaire()
    assert seed_questionnaire() == published
    versions = {v.number: v for v in QuestionnaireVersion.objects.with_structure()}
    assert {n: v.status for n, v in versions.items()} == {1: VersionStatus.ARCHIVED, 2: VersionStatus.PUBLISHED}
    for version in versions.values():
        assert {s.insight_area for s in version.sections.all()} == set(InsightArea.values)
        assert set(Question.objects.filter(version=version).values_list("type", flat=True)) == set(QuestionType.values)
    diff = diff_versions(versions[1], versions[2])
    assert diff.added and diff.removed and diff.reworded


def test_seed_responses_answers_held_meetings_on_the_version_of_their_time(af):
    published = seed_questionnaire()
    before, after = published.published_at - timedelta(days=30), timezone.now() - timedelta(days=3)
    meetings = [
        make_meeting(register(af), af, starts_at=before),
        make_meeting(register(af), af, starts_at=after),
        make_meeting(register(af), af, starts_at=after, status="bokat"),
        make_meeting(register(af), af, starts_at=after, kind="information"),
    ]
    assert seed_responses(meetings) == 2
    assert seed_responses(meetings) == 0
    responses = {r.meeting_id: r for r in Response.objects.all()}
    assert responses[meetings[0].pk].version.number == 1
    assert responses[meetings[1].pk].version.number == 2
    for response in responses.values():
        assert (
            response.status == ResponseStatus.COMPLETED and response.participant_id == response.meeting.participant_id
        )
        required = set(Question.objects.filter(version=response.version, required=True).values_list("pk", flat=True))
        answered = set(response.answers.values_list("question_id", flat=True))
        assert required <= answered
        assert not Answer.objects.filter(response=response).exclude(question__version=response.version).exists()
    # Every chosen alternative belongs to the question it answers.
    assert AnswerChoice.objects.exists()
    assert not AnswerChoice.objects.exclude(choice__question=F("answer__question")).exists()
