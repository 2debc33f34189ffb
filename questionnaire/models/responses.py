"""The answers given to one questionnaire version at one multi-party meeting."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from participants.models import Participant
from questionnaire.models.versions import Choice, Question, Questionnaire, QuestionnaireVersion


class ResponseStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    COMPLETED = "slutford", _("Slutförd")


class Response(models.Model):
    """The answers to one questionnaire at one multi-party meeting: at most one, whatever is clicked twice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    # Both derived (from the meeting and the version), stored so that access filters and the
    # one-response rule are plain indexed columns.
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="questionnaire_responses", editable=False
    )
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses", editable=False)
    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="responses"
    )
    status = models.CharField(_("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    # Optimistic locking: a save names the revision its form was rendered from (services.save_response).
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(_("slutförd"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("formulärsvar")
        verbose_name_plural = _("formulärsvar")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "questionnaire"], name="one_response_per_meeting"),
            models.CheckConstraint(
                condition=(Q(status=ResponseStatus.DRAFT) & Q(completed_at__isnull=True))
                | (Q(status=ResponseStatus.COMPLETED) & Q(completed_at__isnull=False)),
                name="completed_response_has_time",
            ),
        ]
        indexes = [models.Index(fields=["questionnaire", "status"])]

    def __str__(self):
        # Never the participant's name: this string may end up in logs and admin messages.
        return _("Svar på %(version)s") % {"version": self.version}

    def save(self, *args, **kwargs):
        meeting_participant_id = Meeting.objects.values_list("participant_id", flat=True).get(pk=self.meeting_id)
        if self.participant_id is None:
            self.participant_id = meeting_participant_id
        if self.participant_id != meeting_participant_id:
            raise ValueError("A response belongs to the participant of its meeting.")
        self.questionnaire_id = QuestionnaireVersion.objects.values_list("questionnaire_id", flat=True).get(
            pk=self.version_id
        )
        super().save(*args, **kwargs)

    @property
    def is_completed(self) -> bool:
        return self.status == ResponseStatus.COMPLETED


class Answer(models.Model):
    """One answer, in the column that fits its question's type, so that reports can aggregate in SQL."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)  # numbers and scale 1–5
    date = models.DateField(null=True, blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    choices = models.ManyToManyField(Choice, through="AnswerChoice", related_name="+")

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.question.key}"


class AnswerChoice(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="selected")
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "choice"], name="choice_selected_once")]

    def __str__(self):
        return f"{self.answer_id}: {self.choice_id}"
