"""Questionnaires in versions (versions.py), and the answers given at a multi-party meeting (responses.py)."""

from questionnaire.models.responses import Answer, AnswerChoice, Response, ResponseStatus  # noqa: F401
from questionnaire.models.versions import (  # noqa: F401
    CHOICE_TYPES,
    CLOSED_TYPES,
    FROZEN_VERSION_FIELDS,
    TRANSITIONS,
    Choice,
    ChoiceQuerySet,
    Question,
    Questionnaire,
    QuestionnaireQuerySet,
    QuestionnaireVersion,
    QuestionnaireVersionQuerySet,
    QuestionQuerySet,
    QuestionType,
    Section,
    SectionQuerySet,
    VersionLocked,
    VersionPart,
    VersionPartQuerySet,
    VersionStatus,
)
