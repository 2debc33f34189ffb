"""Swedish personnummer: parsing with python-stdnum, stored as 12 digits, shown masked in lists."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import personnummer as stdnum_pnr

ACCEPTED = re.compile(r"^(\d{6}|\d{8})[-+]?\d{4}$")

MESSAGES = {
    "format": _("Skriv personnumret som ÅÅÅÅMMDD-XXXX eller ÅÅMMDD-XXXX."),
    "date": _("Personnumret innehåller ett datum som inte finns."),
    "checksum": _("Kontrollsiffran stämmer inte. Kontrollera personnumret."),
    "future": _("Födelsedatumet i personnumret ligger i framtiden."),
}


def as_birth_number(value: str) -> str:
    """A samordningsnummer (the day plus 60, for people without a personnummer) as the personnummer of the
    same birth date, for the date checks; its check digit is recomputed, the caller checks the original one."""
    digits = re.sub(r"[-+]", "", value)
    day = int(digits[-6:-4])
    if day <= 60:
        return value
    shifted = digits[:-6] + f"{day - 60:02d}" + digits[-4:-1]
    shifted += luhn.calc_check_digit(shifted[-9:])
    return shifted[:-4] + ("+" if "+" in value else "-") + shifted[-4:]


def is_coordination_number(value: str) -> bool:
    return as_birth_number(value) != value


def normalise(value: str) -> str:
    """Return the 12-digit form of a valid personnummer or samordningsnummer, or raise a ValidationError in
    Swedish."""
    value = (value or "").strip().replace(" ", "")
    if not ACCEPTED.match(value):
        raise ValidationError(MESSAGES["format"], code="format")
    try:
        dated = as_birth_number(value)
        born = stdnum_pnr.get_birth_date(dated)  # a date that does not exist is told before a wrong check digit
        if not luhn.is_valid(re.sub(r"[-+]", "", value)[-10:]):
            raise InvalidChecksum()
        stdnum_pnr.validate(dated)
    except InvalidChecksum:
        raise ValidationError(MESSAGES["checksum"], code="checksum") from None
    except InvalidComponent:
        raise ValidationError(MESSAGES["date"], code="date") from None
    except StdnumError:
        raise ValidationError(MESSAGES["format"], code="format") from None
    if born > timezone.localdate():
        raise ValidationError(MESSAGES["future"], code="future")
    # The century comes from the birth date (stdnum reads "+" as 100 years or older).
    return f"{born.year // 100:02d}{re.sub(r'[-+]', '', value)[-10:]}"


def is_valid_normalised(value: str) -> bool:
    if not re.fullmatch(r"\d{12}", value or "") or not luhn.is_valid(value[-10:]):
        return False
    return stdnum_pnr.is_valid(as_birth_number(value))


def validate_normalised(value: str) -> None:
    """Model-level guard: whatever path saves a participant, the stored number is 12 valid digits."""
    if not is_valid_normalised(value):
        raise ValidationError(_("Personnumret ska lagras som tolv siffror med giltig kontrollsiffra."), code="stored")


def birth_date(normalised: str) -> date:
    return stdnum_pnr.get_birth_date(as_birth_number(normalised))


def formatted(normalised: str) -> str:
    return f"{normalised[:8]}-{normalised[8:]}"


def masked(normalised: str) -> str:
    return f"{normalised[:8]}-****"


def looks_like_personnummer(text: str) -> bool:
    return bool(ACCEPTED.match((text or "").strip().replace(" ", "")))
