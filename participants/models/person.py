"""What Insikt records about the person beyond the target group: gender, education, identity and its protection."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    """As in the population register: derived from the personnummer or samordningsnummer and stored, so that
    statistics survive anonymisation."""

    WOMAN = "kvinna", _("Kvinna")
    MAN = "man", _("Man")


class EducationLevel(models.TextChoices):
    """The highest completed education, in SUS's levels (to be checked against the current SUS manual)."""

    PRIMARY_SHORT = "forgymnasial_kort", _("Förgymnasial utbildning kortare än 9 år")
    PRIMARY = "forgymnasial", _("Förgymnasial utbildning 9 (10) år")
    SECONDARY = "gymnasial", _("Gymnasial utbildning")
    POST_SECONDARY_SHORT = "eftergymnasial_kort", _("Eftergymnasial utbildning kortare än 3 år")
    POST_SECONDARY = "eftergymnasial", _("Eftergymnasial utbildning 3 år eller längre")
    UNKNOWN = "okand", _("Uppgift saknas")


class IdentityKind(models.TextChoices):
    PERSONNUMMER = "personnummer", _("Personnummer")
    COORDINATION_NUMBER = "samordningsnummer", _("Samordningsnummer")
    NONE = "inget", _("Varken personnummer eller samordningsnummer")


class ProtectedIdentity(models.TextChoices):
    """Skyddade personuppgifter: no address is stored, the name is shown only on the person's own page."""

    NONE = "", _("Inga skyddade personuppgifter")
    CONFIDENTIALITY_MARK = "sekretessmarkering", _("Sekretessmarkering")
    PROTECTED_REGISTRATION = "skyddad_folkbokforing", _("Skyddad folkbokföring")


def gender_from_number(normalised: str) -> str:
    """The second-to-last digit: odd for a man, even for a woman (personnummer and samordningsnummer alike)."""
    return Gender.MAN if int(normalised[-2]) % 2 else Gender.WOMAN
