from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The composition root at the top of the house: the only room that reads every app (docs/architecture.md)."""

    name = "insikt.home"
    label = "home"
    verbose_name = _("Start")
