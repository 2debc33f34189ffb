"""Choices every app shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class YesNo(models.TextChoices):
    """Yes or no as a form, a URL or a report table sends it: a questionnaire answer, a list filter, a figure's row."""

    YES = "ja", _("Ja")
    NO = "nej", _("Nej")

    @classmethod
    def of(cls, value: bool) -> "YesNo":
        return cls.YES if value else cls.NO

    @classmethod
    def is_yes(cls, value: str) -> bool:
        return value == cls.YES
