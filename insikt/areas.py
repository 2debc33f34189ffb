from django.db import models
from django.utils.translation import gettext_lazy as _


class InsightArea(models.TextChoices):
    """The project's insight areas: questionnaire sections, recommendations and report findings share them."""

    WORK = "arbete", _("Arbete och jobbsökning")
    ACTIVITIES = "aktiviteter", _("Aktiviteter och planering")
    ORGANISATION = "organisering", _("Organisering och kontakt")
    DOCUMENTATION = "dokumentation", _("Dokumentation")
    HEALTH = "halsa", _("Hälsa")
    OTHER_OBSTACLES = "ovriga_hinder", _("Övriga hinder/begränsningar")
    COOPERATION = "samverkan", _("Samverkan")
