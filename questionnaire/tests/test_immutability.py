"""A published (or archived) version cannot change: not through the ORM, a queryset, the admin, or raw SQL."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from questionnaire import services
from questionnaire.models import (
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionType,
    Section,
    VersionLocked,
    VersionStatus,
)
from questionnaire.tests.factories import make_version


@pytest.fixture(params=[VersionStatus.PUBLISHED, VersionStatus.ARCHIVED])
def locked(request, db):
    version = make_version()
    if request.param == VersionStatus.ARCHIVED:
        version = services.archive_version(version=version)
    return version


def parts(version):
    section = version.sections.first()
    question = Question.objects.filter(version=version, type=QuestionType.SINGLE).get()
    return section, question, question.choices.first()


def snapshot(version):
    return (
        list(Section.objects.filter(version=version).values()),
        list(Question.objects.filter(version=version).values()),
        list(Choice.objects.filter(question__version=version).values()),
        QuestionnaireVersion.objects.filter(pk=version.pk).values().get(),
    )


def test_model_save_and_delete_are_refused(locked):
    before = snapshot(locked)
    section, question, choice = parts(locked)
    section.title = "Ny rubrik"
    question.text = "Omformulerad fråga"
    choice.label = "Nytt alternativ"
    for obj in (section, question, choice):
        with pytest.raises(VersionLocked):
            obj.save()
        with pytest.raises(VersionLocked):
            obj.delete()
    assert snapshot(locked) == before


def test_nothing_can_be_added_to_a_locked_version(locked):
    section, question, _choice = parts(locked)
    with pytest.raises(VersionLocked):
        Section.objects.create(version=locked, title="Extra", insight_area="halsa")
    with pytest.raises(VersionLocked):
        Question.objects.create(section=section, key="ny-fraga", text="Ny fråga?")
    with pytest.raises(VersionLocked):
        Choice.objects.create(question=question, value="nytt", label="Nytt")
    with pytest.raises(VersionLocked):
        Question.objects.bulk_create([Question(section=section, key="bulk", text="Bulk?")])
    with pytest.raises(VersionLocked):
        Choice.objects.bulk_create([Choice(question=question, value="bulk", label="Bulk")])


def test_queryset_update_delete_and_bulk_update_are_refused(locked):
    before = snapshot(locked)
    for queryset, change in [
        (Section.objects.filter(version=locked), {"title": "X"}),
        (Question.objects.filter(version=locked), {"text": "X"}),
        (Choice.objects.filter(question__version=locked), {"label": "X"}),
    ]:
        with pytest.raises(VersionLocked):
            queryset.update(**change)
        with pytest.raises(VersionLocked):
            queryset.delete()
    questions = list(Question.objects.filter(version=locked))
    for q in questions:
        q.text = "Ändrad i bulk"
    # bulk_update runs in an atomic block without a savepoint; give it one so the test can go on.
    with pytest.raises(VersionLocked), transaction.atomic():
        Question.objects.bulk_update(questions, ["text"])
    # A mixed queryset (a draft and a locked version) is refused as a whole.
    with pytest.raises(VersionLocked):
        Question.objects.all().update(required=False)
    assert snapshot(locked) == before


def test_a_question_cannot_move_between_a_draft_and_a_locked_version(locked):
    draft = services.copy_to_new_draft(questionnaire=locked.questionnaire)
    draft_question = Question.objects.filter(version=draft).first()
    locked_section = locked.sections.first()
    draft_question.section = locked_section
    with pytest.raises(VersionLocked):
        draft_question.save()
    with pytest.raises(VersionLocked):
        Question.objects.filter(pk=draft_question.pk).update(section=locked_section)


def test_the_version_itself_only_moves_forward(locked):
    locked.refresh_from_db()
    for change in [{"notes": "Ändrad"}, {"number": 9}, {"status": VersionStatus.DRAFT, "published_at": None}]:
        version = QuestionnaireVersion.objects.get(pk=locked.pk)
        for field, value in change.items():
            setattr(version, field, value)
        with pytest.raises(VersionLocked):
            version.save()
    with pytest.raises(VersionLocked):
        locked.delete()
    with pytest.raises(VersionLocked):
        QuestionnaireVersion.objects.filter(pk=locked.pk).update(notes="X")
    with pytest.raises(VersionLocked):
        QuestionnaireVersion.objects.filter(pk=locked.pk).delete()
    with pytest.raises(VersionLocked):
        Questionnaire.objects.get(pk=locked.questionnaire_id).delete()
    with pytest.raises(VersionLocked):
        Questionnaire.objects.filter(pk=locked.questionnaire_id).delete()
    assert QuestionnaireVersion.objects.filter(pk=locked.pk, status=locked.status).exists()


def test_a_draft_is_not_published_in_bulk_past_the_service(version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    with pytest.raises(VersionLocked):
        QuestionnaireVersion.objects.filter(pk=draft.pk).update(
            status=VersionStatus.PUBLISHED, published_at=timezone.now()
        )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_new_version_cannot_start_published(db):
    questionnaire = Questionnaire.objects.create(name="F")
    with pytest.raises(VersionLocked):
        QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=1, status=VersionStatus.PUBLISHED, published_at=timezone.now()
        )


def test_the_database_allows_one_published_version(version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    # Publishing by hand, past the service that would archive the current one, hits the constraint.
    draft.status, draft.published_at = VersionStatus.PUBLISHED, timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save()


def test_drafts_stay_fully_editable(version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    section, question, choice = parts(draft)
    section.title = "Ny rubrik"
    section.save()
    question.text = "Omformulerad?"
    question.save()
    choice.delete()
    Question.objects.filter(version=draft).update(required=False)
    Section.objects.filter(version=draft).last().delete()
    draft.notes = "Ändrat"
    draft.save()
    draft.delete()
    assert not QuestionnaireVersion.objects.filter(pk=draft.pk).exists()
    assert Question.objects.filter(version=version).count() == 7  # the published one is untouched


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_postgresql_trigger_stops_raw_sql(locked):
    section, question, choice = parts(locked)
    statements = [
        ("UPDATE questionnaire_section SET title = 'X' WHERE id = %s", [section.pk]),
        ("DELETE FROM questionnaire_section WHERE id = %s", [section.pk]),
        ("UPDATE questionnaire_question SET text = 'X' WHERE id = %s", [question.pk]),
        ("DELETE FROM questionnaire_question WHERE id = %s", [question.pk]),
        ("UPDATE questionnaire_choice SET label = 'X' WHERE id = %s", [choice.pk]),
        ("DELETE FROM questionnaire_choice WHERE id = %s", [choice.pk]),
        (
            "INSERT INTO questionnaire_choice (question_id, \"order\", value, label) VALUES (%s, 9, 'ny', 'Ny')",
            [question.pk],
        ),
        ("UPDATE questionnaire_questionnaireversion SET notes = 'X' WHERE id = %s", [locked.pk]),
        ("UPDATE questionnaire_questionnaireversion SET status = 'utkast' WHERE id = %s", [locked.pk]),
        ("DELETE FROM questionnaire_questionnaireversion WHERE id = %s", [locked.pk]),
    ]
    before = snapshot(locked)
    for sql, params in statements:
        with pytest.raises(DatabaseError, match="questionnaire"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert snapshot(locked) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_postgresql_trigger_lets_drafts_change(version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE questionnaire_question SET text = 'Ny' WHERE version_id = %s", [draft.pk])
        cursor.execute(
            "DELETE FROM questionnaire_choice WHERE question_id IN "
            "(SELECT id FROM questionnaire_question WHERE version_id = %s)",
            [draft.pk],
        )
    assert set(Question.objects.filter(version=draft).values_list("text", flat=True)) == {"Ny"}
