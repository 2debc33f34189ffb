"""utkast → publicerad → arkiverad, through the services; publishing archives the version in use."""

import pytest
from django.core.exceptions import ValidationError

from questionnaire import services
from questionnaire.models import Question, Questionnaire, QuestionType, Section, VersionStatus
from questionnaire.tests.factories import make_version


def test_publishing_archives_the_previous_version(version):
    draft = services.copy_to_new_draft(questionnaire=version.questionnaire)
    services.publish_version(version=draft)
    version.refresh_from_db()
    draft.refresh_from_db()
    assert (version.status, draft.status) == (VersionStatus.ARCHIVED, VersionStatus.PUBLISHED)
    assert version.archived_at == draft.published_at
    assert version.questionnaire.published_version() == draft


def test_only_a_draft_is_published_and_only_the_published_is_archived(version):
    with pytest.raises(ValidationError, match="Bara ett utkast"):
        services.publish_version(version=version)
    services.archive_version(version=version)
    with pytest.raises(ValidationError, match="Bara den publicerade"):
        services.archive_version(version=version)
    version.refresh_from_db()
    assert version.status == VersionStatus.ARCHIVED
    assert version.questionnaire.published_version() is None


def test_a_draft_must_be_complete_to_be_published(db):
    questionnaire = Questionnaire.objects.create(name="Tomt")
    draft = services.copy_to_new_draft(questionnaire=questionnaire)
    with pytest.raises(ValidationError, match="inga sektioner"):
        services.publish_version(version=draft)
    section = Section.objects.create(version=draft, title="Hälsa", insight_area="halsa")
    with pytest.raises(ValidationError, match="inga frågor"):
        services.publish_version(version=draft)
    question = Question.objects.create(section=section, key="val", text="Välj", type=QuestionType.SINGLE)
    question.choices.create(value="ett", label="Ett")
    with pytest.raises(ValidationError, match="minst två svarsalternativ"):
        services.publish_version(version=draft)
    question.choices.create(value="tva", label="Två")
    Question.objects.create(section=section, key="text", text="Berätta", type=QuestionType.TEXT).choices.create(
        value="x", label="X"
    )
    with pytest.raises(ValidationError, match="ska inte ha svarsalternativ"):
        services.publish_version(version=draft)
    Question.objects.get(key="text").choices.all().delete()
    assert services.publish_version(version=draft).status == VersionStatus.PUBLISHED


def test_two_questionnaires_each_have_their_own_published_version(db):
    first, second = make_version(name="Ett"), make_version(name="Två")
    assert first.status == second.status == VersionStatus.PUBLISHED
