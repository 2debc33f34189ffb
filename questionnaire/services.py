"""Writes that span records: a version's life cycle (publish, archive, new draft) and saving a response."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.locking import ConcurrentEditError
from questionnaire.answers import is_empty, normalise, stored_value, to_columns
from questionnaire.meeting import not_held_error
from questionnaire.models import (
    CLOSED_TYPES,
    Answer,
    AnswerChoice,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    ResponseStatus,
    Section,
    VersionStatus,
)


class AlreadyCompleted(Exception):
    """The response is completed; a completed response is not changed by a late or repeated submit."""

    def __init__(self, response: Response):
        super().__init__("The response is already completed.")
        self.response = response


class VersionNotPublished(Exception):
    """The form was for a version that is no longer the published one."""


def publish_problems(version: QuestionnaireVersion) -> list[str]:
    """Why a draft cannot be published yet (empty: it can)."""
    problems = []
    sections = list(version.sections.prefetch_related("questions__choices"))
    if not sections:
        problems.append(_("Versionen har inga sektioner."))
    for section in sections:
        questions = list(section.questions.all())
        if not questions:
            problems.append(_("Sektionen ”%(title)s” har inga frågor.") % {"title": section.title})
        for question in questions:
            count = len(question.choices.all())
            if question.has_choices and count < 2:
                problems.append(_("Frågan ”%(text)s” behöver minst två svarsalternativ.") % {"text": question.text})
            if not question.has_choices and count:
                problems.append(
                    _("Frågan ”%(text)s” har svarstypen %(type)s och ska inte ha svarsalternativ.")
                    % {"text": question.text, "type": question.get_type_display().lower()}
                )
    return problems


def _lock_versions(questionnaire_id: int) -> list[QuestionnaireVersion]:
    """Lock every version of the questionnaire: status changes of one version depend on the others."""
    return list(
        QuestionnaireVersion.objects.select_for_update().filter(questionnaire_id=questionnaire_id).order_by("-number")
    )


@transaction.atomic
def publish_version(*, version: QuestionnaireVersion, now=None) -> QuestionnaireVersion:
    """Publish a draft; the version published until now is archived in the same transaction."""
    now = now or timezone.now()
    versions = {v.pk: v for v in _lock_versions(version.questionnaire_id)}
    version = versions[version.pk]
    if not version.is_draft:
        raise ValidationError(_("Bara ett utkast kan publiceras."))
    problems = publish_problems(version)
    if problems:
        raise ValidationError(problems)
    for current in versions.values():
        if current.status == VersionStatus.PUBLISHED:
            current.status, current.archived_at = VersionStatus.ARCHIVED, now
            current.save(update_fields=["status", "archived_at"])
    version.status, version.published_at = VersionStatus.PUBLISHED, now
    version.save(update_fields=["status", "published_at"])
    return version


@transaction.atomic
def archive_version(*, version: QuestionnaireVersion, now=None) -> QuestionnaireVersion:
    """Take the published version out of use. Its responses stay readable; nothing new is answered on it."""
    versions = {v.pk: v for v in _lock_versions(version.questionnaire_id)}
    version = versions[version.pk]
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Bara den publicerade versionen kan arkiveras."))
    version.status, version.archived_at = VersionStatus.ARCHIVED, now or timezone.now()
    version.save(update_fields=["status", "archived_at"])
    return version


@transaction.atomic
def copy_to_new_draft(*, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """A new draft with everything of the latest version (or an empty version 1). Keys and values stay."""
    versions = _lock_versions(questionnaire.pk)
    draft = next((v for v in versions if v.is_draft), None)
    if draft is not None:
        raise ValidationError(
            _("Det finns redan ett utkast (version %(number)s). Arbeta vidare i det i stället.")
            % {"number": draft.number}
        )
    latest = versions[0] if versions else None
    new = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=latest.number + 1 if latest else 1,
        notes=_("Kopia av version %(number)s.") % {"number": latest.number} if latest else "",
    )
    if latest is None:
        return new
    sections = list(Section.objects.filter(version=latest))
    new_sections = Section.objects.bulk_create(
        Section(version=new, order=s.order, title=s.title, insight_area=s.insight_area, intro=s.intro) for s in sections
    )
    section_ids = {old.pk: copy.pk for old, copy in zip(sections, new_sections, strict=True)}
    questions = list(Question.objects.filter(version=latest))
    new_questions = Question.objects.bulk_create(
        Question(
            section_id=section_ids[q.section_id],
            version=new,
            order=q.order,
            key=q.key,
            text=q.text,
            help_text=q.help_text,
            type=q.type,
            required=q.required,
        )
        for q in questions
    )
    question_ids = {old.pk: copy.pk for old, copy in zip(questions, new_questions, strict=True)}
    Choice.objects.bulk_create(
        Choice(question_id=question_ids[c.question_id], order=c.order, value=c.value, label=c.label)
        for c in Choice.objects.filter(question__version=latest)
    )
    return new


def stored_answers(response: Response) -> dict[Question, object]:
    """The response's answers as Python values, by question (two queries)."""
    selected = AnswerChoice.objects.select_related("choice").order_by("choice__order", "choice__pk")
    answers = response.answers.select_related("question").prefetch_related(Prefetch("selected", queryset=selected))
    return {a.question: stored_value(a, a.question, [s.choice.value for s in a.selected.all()]) for a in answers}


@transaction.atomic
def save_response(
    *,
    meeting,
    version: QuestionnaireVersion,
    answers: dict[Question, object],
    complete: bool,
    expected_revision: int,
    by,
) -> Response:
    """Save answers to the meeting's response, creating it on the first save; complete it if asked.

    `answers` holds the questions to write (an empty value clears the answer); questions left out
    keep what was saved. `expected_revision` is the response's revision the form was rendered from
    (0 when there was none yet). The unique constraint on (meeting, questionnaire) makes a second,
    simultaneous first save find the same response instead of creating one.
    """
    if message := meeting.participant.writable_error() or not_held_error(meeting):
        raise ValidationError(message)
    if complete and meeting.starts_at > timezone.now():
        raise ValidationError(
            _("Mötet har inte börjat än. Spara ett utkast nu och slutför formuläret när mötet har ägt rum.")
        )
    current = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if current.status != VersionStatus.PUBLISHED:
        raise VersionNotPublished
    if any(question.version_id != version.pk for question in answers):
        raise ValueError("Every answer must be to a question of the version being answered.")
    response = locked_response(meeting, version, by)
    if response.revision != expected_revision and is_repeat(response, version, answers, complete):
        return response  # the same answers again: a double click or the back button, nothing new to write
    if response.version_id != version.pk:
        # A draft begun on a version archived since moves to the published one; the form carried
        # over what still fits (by question key), so the old version's answers go.
        response.answers.all().delete()
        response.version = version

    _write_answers(response, answers)
    if complete:
        _complete(response, version, by)
    response.revision += 1
    response.updated_by = by
    response.save()
    return response


def locked_response(meeting, version: QuestionnaireVersion, by) -> Response:
    """The meeting's response to the questionnaire, created on the first save, locked for this transaction."""
    response, _created = Response.objects.get_or_create(
        meeting=meeting,
        questionnaire_id=version.questionnaire_id,
        defaults={"version": version, "participant_id": meeting.participant_id, "created_by": by, "updated_by": by},
    )
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.is_completed:
        raise AlreadyCompleted(response)
    return response


def is_repeat(response: Response, version, answers: dict[Question, object], complete: bool) -> bool:
    """Someone saved since the form was opened: a conflict if any answer differs, else a repeated submit."""
    saved = stored_answers(response) if response.version_id == version.pk else {}
    differing = [q for q, value in answers.items() if normalise(q, value) != normalise(q, saved.get(q))]
    if differing:
        raise ConcurrentEditError("Saved by someone else meanwhile.", saved=response, differing=differing)
    return not complete


def _write_answers(response: Response, answers: dict[Question, object]) -> None:
    Answer.objects.filter(response=response, question__in=list(answers)).delete()
    rows, selections = [], []
    for question, value in answers.items():
        if is_empty(normalise(question, value)):
            continue
        columns, values = to_columns(question, value)
        answer = Answer(response=response, question=question, **columns)
        rows.append(answer)
        choice_ids = {c.value: c.pk for c in question.choices.all()}
        for chosen in values:
            if chosen not in choice_ids:
                raise ValidationError(_("”%(value)s” är inget svarsalternativ till frågan.") % {"value": chosen})
            selections.append((answer, choice_ids[chosen]))
    Answer.objects.bulk_create(rows)
    AnswerChoice.objects.bulk_create(AnswerChoice(answer=a, choice_id=choice_id) for a, choice_id in selections)


def _complete(response: Response, version: QuestionnaireVersion, by) -> None:
    missing = Question.objects.filter(version=version, required=True).exclude(answers__response=response)
    if missing.exists():
        raise ValidationError(
            _("Obligatoriska frågor saknar svar: %(questions)s")
            % {"questions": ", ".join(f"”{text}”" for text in missing.values_list("text", flat=True))}
        )
    response.status = ResponseStatus.COMPLETED
    response.completed_at = timezone.now()
    response.completed_by = by


def anonymise_answers(participant) -> None:
    """Keep only the closed answers (choices, scale, yes/no): the ones reports count; the rest is removed."""
    answers = Answer.objects.filter(response__participant=participant)
    answers.exclude(question__type__in=CLOSED_TYPES).update(text="", number=None, date=None)
    answers.filter(question__type__in=CLOSED_TYPES).update(text="")
