"""Demo questionnaire (version 1 archived, version 2 published) and completed responses for held meetings.

The versions are made the way the project leader makes them: a draft, published, copied to a new
draft, changed, published again (which archives version 1). Idempotent; the responses are bulk
inserts, fast enough for thousands of meetings.
"""

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from meetings.models import MeetingKind, MeetingStatus
from questionnaire import services
from questionnaire.answers import to_columns
from questionnaire.demo_content import ADDED, DESCRIPTION, NAME, NEW_CHOICES, REMOVED, REWORDED, TEXTS, VERSION_1
from questionnaire.models import (
    Answer,
    AnswerChoice,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionType,
    Response,
    ResponseStatus,
    Section,
    VersionStatus,
)


def _create_sections(version, content) -> None:
    sections = Section.objects.bulk_create(
        Section(version=version, order=i, title=title, insight_area=area, intro=intro)
        for i, (area, title, intro, _q) in enumerate(content, start=1)
    )
    for section, (_area, _title, _intro, questions) in zip(sections, content, strict=True):
        _create_questions(section, questions, start=1)


def _create_questions(section, questions, start) -> None:
    created = Question.objects.bulk_create(
        Question(section=section, order=start + i, key=key, type=kind, text=text, help_text=help_text, required=req)
        for i, (key, kind, text, help_text, req, _choices) in enumerate(questions)
    )
    Choice.objects.bulk_create(
        Choice(question=question, order=i, value=value, label=label)
        for question, (*_rest, choices) in zip(created, questions, strict=True)
        for i, (value, label) in enumerate(choices, start=1)
    )


def _apply_version_2(draft) -> None:
    for key, (text, help_text) in REWORDED.items():
        Question.objects.filter(version=draft, key=key).update(text=text, help_text=help_text)
    Question.objects.filter(version=draft, key__in=REMOVED).delete()
    for area, questions in ADDED.items():
        section = Section.objects.get(version=draft, insight_area=area)
        _create_questions(section, questions, start=section.questions.count() + 1)
    for key, choices in NEW_CHOICES.items():
        question = Question.objects.get(version=draft, key=key)
        last = Choice.objects.get(question=question, value="annat")  # "Annat" stays last
        Choice.objects.filter(pk=last.pk).update(order=last.order + len(choices))
        Choice.objects.bulk_create(
            Choice(question=question, order=last.order + i, value=value, label=label)
            for i, (value, label) in enumerate(choices)
        )


@transaction.atomic
def seed_questionnaire() -> QuestionnaireVersion:
    """The demo questionnaire's published version 2 (version 1 archived). Creates it once."""
    questionnaire = Questionnaire.objects.filter(name=NAME).first()
    if questionnaire is not None:
        return questionnaire.versions.filter(status=VersionStatus.PUBLISHED).first() or questionnaire.versions.first()
    now = timezone.now()
    questionnaire = Questionnaire.objects.create(name=NAME, description=DESCRIPTION)
    first = services.copy_to_new_draft(questionnaire=questionnaire)
    first.notes = "Första versionen, framtagen med stöd av Finsam."
    first.save()
    _create_sections(first, VERSION_1)
    services.publish_version(version=first, now=now - timedelta(days=300))
    second = services.copy_to_new_draft(questionnaire=questionnaire)
    second.notes = (
        "Tre frågor omformulerade efter deltagarnas återkoppling; frågorna om handläggarbyten och sjukskrivning "
        "borttagna (uppgifterna finns i genomlysningen); nya frågor om önskat arbete, kopia av planeringen och "
        "skuldrådgivning; svarsalternativet ”Saknar körkort” tillagt."
    )
    second.save()
    _apply_version_2(second)
    return services.publish_version(version=second, now=now - timedelta(days=150))


def plausible(question, rng: random.Random, today):
    """A believable answer to a demo question, or None (optional questions are sometimes skipped)."""
    if not question.required and rng.random() < 0.15:
        return None
    choices = [c.value for c in question.choices.all()]
    match question.type:
        case QuestionType.TEXT:
            return rng.choice(TEXTS.get(question.key, ["Inget särskilt."])) or None
        case QuestionType.SINGLE:
            return rng.choice(choices)
        case QuestionType.MULTIPLE:
            picked = rng.sample([c for c in choices if c != "ingen"], k=rng.randint(1, 3))
            return tuple(picked)
        case QuestionType.SCALE:
            return rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 4, 2, 1])[0]
        case QuestionType.YES_NO:
            return rng.random() < 0.55
        case QuestionType.NUMBER:
            return Decimal(rng.choice([0, 0, 1, 2, 3, 4, 6, 10]))
        case QuestionType.DATE:
            return today - timedelta(days=rng.randint(200, 4500))
    return None


@transaction.atomic
def seed_responses(meetings) -> int:
    """Completed responses for the held multi-party meetings that have none; returns how many were created.

    Meetings before version 2 was published are answered on version 1, later ones on version 2. If
    every meeting falls on one side of that date, the older half gets version 1 so both occur.
    """
    published = seed_questionnaire()
    questionnaire = published.questionnaire
    versions = {v.number: v for v in QuestionnaireVersion.objects.with_structure().filter(questionnaire=questionnaire)}
    old, new = versions[1], versions[max(versions)]
    answered = set(Response.objects.filter(questionnaire=questionnaire).values_list("meeting_id", flat=True))
    held = sorted(
        (
            m
            for m in meetings
            if m.kind == MeetingKind.MULTI_PARTY and m.status == MeetingStatus.HELD and m.pk not in answered
        ),
        key=lambda m: m.starts_at,
    )
    if not held:
        return 0
    cutoff = new.published_at
    if held[0].starts_at >= cutoff or held[-1].starts_at < cutoff:
        cutoff = held[len(held) // 2].starts_at
    rng = random.Random(20231207)  # noqa: S311 - demo data
    today = timezone.localdate()
    questions = {v.pk: [q for section in v.sections.all() for q in section.questions.all()] for v in (old, new)}
    responses, answers, selections = [], [], []
    for meeting in held:
        version = old if meeting.starts_at < cutoff else new
        response = completed_response(meeting, questionnaire, version)
        responses.append(response)
        for answer, choice_ids in plausible_answers(response, questions[version.pk], rng, today):
            answers.append(answer)
            selections.extend((answer, choice_id) for choice_id in choice_ids)
    Response.objects.bulk_create(responses, batch_size=500)
    # bulk_create stamps "now" on the automatic times; the demo wants the meeting's own.
    for response, meeting in zip(responses, held, strict=True):
        response.created_at, response.updated_at = meeting.starts_at, response.completed_at
    Response.objects.bulk_update(responses, ["created_at", "updated_at"], batch_size=500)
    Answer.objects.bulk_create(answers, batch_size=2000)
    AnswerChoice.objects.bulk_create(
        (AnswerChoice(answer=answer, choice_id=choice_id) for answer, choice_id in selections), batch_size=2000
    )
    return len(responses)


def completed_response(meeting, questionnaire, version) -> Response:
    return Response(
        id=uuid.uuid4(),
        meeting_id=meeting.pk,
        participant_id=meeting.participant_id,
        questionnaire=questionnaire,
        version=version,
        status=ResponseStatus.COMPLETED,
        revision=1,
        created_by_id=meeting.booked_by_id,
        updated_by_id=meeting.booked_by_id,
        completed_by_id=meeting.booked_by_id,
        completed_at=meeting.starts_at + timedelta(minutes=meeting.duration_minutes),
    )


def plausible_answers(response, questions, rng: random.Random, today):
    """(answer, ids of its selected choices) for each question the demo person answers."""
    for question in questions:
        value = plausible(question, rng, today)
        if value is None:
            continue
        columns, values = to_columns(question, value)
        choice_ids = {c.value: c.pk for c in question.choices.all()}
        yield Answer(response=response, question=question, **columns), [choice_ids[v] for v in values]
