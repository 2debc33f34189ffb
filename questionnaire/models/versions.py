"""Questionnaires in versions: a version is edited as a draft, then published, then archived.

Once published, nothing in it may change: every answer points at the exact question it was asked
from, so a changed question would silently change what old answers mean. The rule is enforced here
(save/delete and the querysets), and on PostgreSQL also by triggers (migration 0002), so no path
around the forms can break it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insikt.areas import InsightArea


class VersionLocked(PermissionError):
    """Something tried to change a published or archived version, or a section, question or choice in one."""

    def __init__(self, message=None):
        super().__init__(
            str(
                message
                or _("Versionen är publicerad eller arkiverad och kan inte ändras. Gör en ny version i stället.")
            )
        )


class VersionStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    PUBLISHED = "publicerad", _("Publicerad")
    ARCHIVED = "arkiverad", _("Arkiverad")


class QuestionType(models.TextChoices):
    TEXT = "fritext", _("Fritext")
    SINGLE = "ett_val", _("Ett val")
    MULTIPLE = "flera_val", _("Flera val")
    SCALE = "skala", _("Skala 1–5")
    YES_NO = "ja_nej", _("Ja/nej")
    NUMBER = "tal", _("Tal")
    DATE = "datum", _("Datum")


CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE}
# Closed answers: the only ones reported, and the only ones kept after anonymisation (a privacy rule).
CLOSED_TYPES = [QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SCALE, QuestionType.YES_NO]


class QuestionnaireQuerySet(models.QuerySet):
    def delete(self):
        if QuestionnaireVersion.objects.filter(questionnaire__in=self).exclude(status=VersionStatus.DRAFT).exists():
            raise VersionLocked(_("Ett frågeformulär med publicerade eller arkiverade versioner kan inte tas bort."))
        return super().delete()


class Questionnaire(models.Model):
    name = models.CharField(_("namn"), max_length=200, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("frågeformulär")
        verbose_name_plural = _("frågeformulär")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def delete(self, *args, **kwargs):
        # Deleting would cascade to the versions below the per-row checks, so refuse up here.
        if self.versions.exclude(status=VersionStatus.DRAFT).exists():
            raise VersionLocked(_("Ett frågeformulär med publicerade eller arkiverade versioner kan inte tas bort."))
        return super().delete(*args, **kwargs)

    def published_version(self):
        return self.versions.filter(status=VersionStatus.PUBLISHED).first()


class QuestionnaireVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Status changes go through services (publish/archive), one row at a time with Model.save.
        if {"status", "published_at", "archived_at"} & kwargs.keys():
            raise VersionLocked(_("En versions status ändras bara genom att publicera eller arkivera den."))
        if self.exclude(status=VersionStatus.DRAFT).exists():
            raise VersionLocked
        return super().update(**kwargs)

    def delete(self):
        if self.exclude(status=VersionStatus.DRAFT).exists():
            raise VersionLocked
        return super().delete()

    def with_structure(self):
        """Sections, questions and choices in order, in four queries whatever the size of the version."""
        questions = Question.objects.prefetch_related("choices")
        sections = Section.objects.prefetch_related(models.Prefetch("questions", queryset=questions))
        return self.select_related("questionnaire").prefetch_related(models.Prefetch("sections", queryset=sections))


# The only status changes there are; anything else is refused by save() and by the trigger.
TRANSITIONS = {(VersionStatus.DRAFT, VersionStatus.PUBLISHED), (VersionStatus.PUBLISHED, VersionStatus.ARCHIVED)}
FROZEN_VERSION_FIELDS = ("questionnaire_id", "number", "notes", "published_at")


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("frågeformulär"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    notes = models.TextField(_("ändringar i versionen"), blank=True, help_text=_("Vad är nytt och varför."))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    archived_at = models.DateTimeField(_("arkiverad"), null=True, blank=True)

    objects = QuestionnaireVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("formulärversion")
        verbose_name_plural = _("formulärversioner")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_number_unique"),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(status=VersionStatus.PUBLISHED),
                name="one_published_version_per_questionnaire",
                violation_error_message=_("Ett frågeformulär kan bara ha en publicerad version."),
            ),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(status=VersionStatus.DRAFT),
                name="one_draft_per_questionnaire",
                violation_error_message=_("Det finns redan ett utkast till det här frågeformuläret."),
            ),
            models.CheckConstraint(
                condition=(Q(status=VersionStatus.DRAFT) & Q(published_at__isnull=True) & Q(archived_at__isnull=True))
                | (Q(status=VersionStatus.PUBLISHED) & Q(published_at__isnull=False) & Q(archived_at__isnull=True))
                | (Q(status=VersionStatus.ARCHIVED) & Q(published_at__isnull=False) & Q(archived_at__isnull=False)),
                name="version_dates_match_status",
            ),
        ]

    def __str__(self):
        return _("%(name)s, version %(number)s") % {"name": self.questionnaire.name, "number": self.number}

    def save(self, *args, **kwargs):
        if self._state.adding:
            if self.status != VersionStatus.DRAFT:
                # A version becomes published only through services.publish_version, which checks it first.
                raise VersionLocked(_("En ny version börjar alltid som utkast."))
        else:
            stored = type(self)._base_manager.filter(pk=self.pk).first()
            if stored is not None:
                self._check_change_from(stored)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if type(self)._base_manager.filter(pk=self.pk).exclude(status=VersionStatus.DRAFT).exists():
            raise VersionLocked
        return super().delete(*args, **kwargs)

    def _check_change_from(self, stored):
        if stored.status == VersionStatus.DRAFT and self.status == VersionStatus.DRAFT:
            return
        if self.status != stored.status and (stored.status, self.status) not in TRANSITIONS:
            raise VersionLocked(
                _("En version kan inte gå från %(from)s till %(to)s.")
                % {"from": stored.get_status_display(), "to": self.get_status_display()}
            )
        if stored.status != VersionStatus.DRAFT:
            if any(getattr(self, f) != getattr(stored, f) for f in FROZEN_VERSION_FIELDS):
                raise VersionLocked
            if stored.status == VersionStatus.ARCHIVED and self.archived_at != stored.archived_at:
                raise VersionLocked

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.status == VersionStatus.ARCHIVED


class VersionPartQuerySet(models.QuerySet):
    """Bulk paths for sections, questions and choices: refused when any row belongs to a non-draft version."""

    version_path = ""  # lookup from the model to its QuestionnaireVersion
    parent_fields = ()  # foreign keys that tie the row to its version; moving rows in bulk is never needed

    def _locked(self):
        return self.exclude(**{f"{self.version_path}__status": VersionStatus.DRAFT}).exists()

    def update(self, **kwargs):
        if any(name in kwargs or f"{name}_id" in kwargs for name in self.parent_fields):
            raise VersionLocked(_("Sektioner, frågor och svarsalternativ flyttas inte mellan versioner."))
        if self._locked():
            raise VersionLocked
        return super().update(**kwargs)

    def delete(self):
        if self._locked():
            raise VersionLocked
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        version_ids = self.model.target_version_ids(objs)
        if QuestionnaireVersion.objects.filter(pk__in=version_ids).exclude(status=VersionStatus.DRAFT).exists():
            raise VersionLocked
        return super().bulk_create(objs, *args, **kwargs)


class SectionQuerySet(VersionPartQuerySet):
    version_path = "version"
    parent_fields = ("version",)


class QuestionQuerySet(VersionPartQuerySet):
    version_path = "version"
    parent_fields = ("version", "section")


class ChoiceQuerySet(VersionPartQuerySet):
    version_path = "question__version"
    parent_fields = ("question",)


class VersionPart(models.Model):
    """Save and delete only inside a draft: both the version the row is in and the one it would move to."""

    version_path = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = type(self)._base_manager.filter(pk=self.pk).values(self.version_path)
        if QuestionnaireVersion.objects.filter(pk__in=stored).exclude(status=VersionStatus.DRAFT).exists():
            raise VersionLocked
        return super().delete(*args, **kwargs)

    def _check_draft(self):
        version_ids = Q(pk__in=self.target_version_ids([self]))
        if not self._state.adding:
            stored = type(self)._base_manager.filter(pk=self.pk).values(self.version_path)
            version_ids |= Q(pk__in=stored)
        if QuestionnaireVersion.objects.filter(version_ids).exclude(status=VersionStatus.DRAFT).exists():
            raise VersionLocked

    @classmethod
    def target_version_ids(cls, objs) -> set[int]:
        """The versions these (unsaved) rows are meant for, in one query."""
        raise NotImplementedError


class Section(VersionPart):
    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    insight_area = models.CharField(_("insiktsområde"), max_length=20, choices=InsightArea.choices)
    intro = models.TextField(
        _("inledning"), blank=True, help_text=_("Visas under rubriken, t.ex. hur frågorna ställs.")
    )

    objects = SectionQuerySet.as_manager()
    version_path = "version"

    class Meta:
        verbose_name = _("sektion")
        verbose_name_plural = _("sektioner")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    @classmethod
    def target_version_ids(cls, objs) -> set[int]:
        return {obj.version_id for obj in objs}


class Question(VersionPart):
    section = models.ForeignKey(Section, verbose_name=_("sektion"), on_delete=models.CASCADE, related_name="questions")
    # Derived from the section; stored so that "key unique per version" is a database constraint.
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions", editable=False
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    key = models.SlugField(
        _("nyckel"),
        max_length=60,
        help_text=_(
            "Frågans stabila namn, samma i alla versioner (t.ex. halsa-paverkar-arbete). "
            "Behåll nyckeln när du formulerar om en fråga; byt den bara när frågan blir en annan."
        ),
    )
    text = models.CharField(_("fråga"), max_length=500)
    help_text = models.CharField(_("hjälptext"), max_length=500, blank=True)
    type = models.CharField(_("svarstyp"), max_length=10, choices=QuestionType.choices, default=QuestionType.TEXT)
    required = models.BooleanField(_("obligatorisk"), default=False)

    objects = QuestionQuerySet.as_manager()
    version_path = "version"

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"],
                name="question_key_unique_per_version",
                violation_error_message=_("Nyckeln används redan av en annan fråga i versionen."),
            ),
        ]

    def __str__(self):
        return self.text

    @classmethod
    def target_version_ids(cls, objs) -> set[int]:
        # The version always follows the section, also for bulk_create, which bypasses save().
        section_versions = dict(
            Section.objects.filter(pk__in={obj.section_id for obj in objs}).values_list("pk", "version_id")
        )
        for obj in objs:
            obj.version_id = section_versions.get(obj.section_id)
        return set(section_versions.values())

    def clean(self):
        super().clean()
        if self.section_id and self.key:
            version_id = Section.objects.values_list("version_id", flat=True).get(pk=self.section_id)
            if Question.objects.filter(version_id=version_id, key=self.key).exclude(pk=self.pk).exists():
                raise ValidationError({"key": _("Nyckeln används redan av en annan fråga i versionen.")})

    @property
    def has_choices(self) -> bool:
        return self.type in CHOICE_TYPES


class Choice(VersionPart):
    question = models.ForeignKey(Question, verbose_name=_("fråga"), on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    value = models.SlugField(
        _("värde"), max_length=60, help_text=_("Stabilt kortnamn för svaret, samma i alla versioner (t.ex. ja-delvis).")
    )
    label = models.CharField(_("svarsalternativ"), max_length=200)

    objects = ChoiceQuerySet.as_manager()
    version_path = "question__version"

    class Meta:
        verbose_name = _("svarsalternativ")
        verbose_name_plural = _("svarsalternativ")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="choice_value_unique_per_question"),
        ]

    def __str__(self):
        return self.label

    @classmethod
    def target_version_ids(cls, objs) -> set[int]:
        return set(
            Question.objects.filter(pk__in={obj.question_id for obj in objs}).values_list("version_id", flat=True)
        )
