"""The registration and edit form: the identity (a number, or a birth date and a reason), the duplicate check,
education and gender, protected personal data (no address) and the target group."""

from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.forms import DateInput
from insikt.models import AccessLog
from participants import personnummer
from participants.models import IdentityKind, Participant, eligibility_failures

OLDEST_BIRTH_DATE = date(1900, 1, 1)


def duplicate_checks_exhausted(user) -> bool:
    """Telling someone that a person is in Insikt is itself protected: each time is logged, and a user who has
    been told it too often in the last hour is told nothing more for a while (see settings)."""
    since = timezone.now() - timedelta(hours=1)
    told = AccessLog.objects.filter(user=user, action=AccessLog.Action.DUPLICATE_CHECK, at__gte=since).count()
    return told >= settings.DUPLICATE_CHECKS_PER_HOUR


class ParticipantForm(forms.ModelForm):
    """Register or edit a participant. The version field carries optimistic locking through the round trip."""

    personnummer = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        max_length=13,
        required=False,
        help_text=_("ÅÅÅÅMMDD-XXXX eller ÅÅMMDD-XXXX"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Participant
        # The identity kind first: the number's check depends on it.
        fields = [
            "identity_kind",
            "personnummer",
            "stated_birth_date",
            "no_number_reason",
            "gender",
            "first_name",
            "last_name",
            "protected_identity",
            "phone",
            "email",
            "address",
            "district",
            "language",
            "needs_interpreter",
            "education_level",
            "benefit",
            "af_registered_on",
            "job_entered_on",
            "outside_target_group_reason",
        ]
        widgets = {
            "identity_kind": forms.RadioSelect,
            "stated_birth_date": DateInput(),
            "af_registered_on": DateInput(),
            "job_entered_on": DateInput(),
            "outside_target_group_reason": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "identity_kind": _("Personen har"),
            "stated_birth_date": _("Födelsedatum"),
            "no_number_reason": _("Varför saknas nummer?"),
            "gender": _("Kön"),
            "protected_identity": _("Skyddade personuppgifter"),
            "education_level": _("Högsta avslutade utbildning"),
        }
        help_texts = {
            "stated_birth_date": _("Som personen uppger det."),
            "no_number_reason": _("T.ex. ”nyanländ, väntar på samordningsnummer”. Skriv inga känsliga uppgifter."),
            "gender": _("Kan lämnas tomt. För den som har nummer räknas det fram ur numret."),
            "protected_identity": _(
                "Sekretessmarkering eller skyddad folkbokföring: ingen adress sparas, och namnet visas bara på "
                "personens egen sida (listor visar initialer)."
            ),
            "outside_target_group_reason": _("Behövs bara om personen inte uppfyller målgruppskriterierna."),
        }
        error_messages = {
            "education_level": {"required": _("Välj högsta avslutade utbildning (eller ”Uppgift saknas”).")},
            "stated_birth_date": {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
        }

    def __init__(self, *args, checked_by, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["personnummer"] = self.instance.formatted_personnummer if self.instance.personnummer else ""
            self.initial["version"] = self.instance.version
            if self.instance.personnummer and personnummer.is_coordination_number(self.instance.personnummer):
                self.initial["identity_kind"] = IdentityKind.COORDINATION_NUMBER  # registered before the choice
        self.fields["identity_kind"].choices = IdentityKind.choices  # a radio needs no empty choice
        self.fields["education_level"].required = True
        fields = self.fields
        fields["education_level"].choices = [("", _("Välj utbildningsnivå")), *fields["education_level"].choices[1:]]
        fields["gender"].choices = [("", _("Ej angivet")), *fields["gender"].choices[1:]]
        self.eligibility = None
        self.checked_by = checked_by
        # Set when the number belongs to someone already in Insikt: the view logs that this was told.
        self.duplicate_of = None
        # Set when protected personal data is chosen for a person whose address was stored: it is removed.
        self.address_removed = False

    @property
    def without_number(self) -> bool:
        return self.cleaned_data.get("identity_kind") == IdentityKind.NONE

    def clean_personnummer(self):
        if self.without_number:
            return None  # never matched as a duplicate: there is nothing to match on (the form says so)
        if not self.cleaned_data["personnummer"].strip():
            raise ValidationError(_("Ange personnummer eller samordningsnummer."), code="required")
        normalised = personnummer.normalise(self.cleaned_data["personnummer"])
        coordination = personnummer.is_coordination_number(normalised)
        if coordination != (self.cleaned_data.get("identity_kind") == IdentityKind.COORDINATION_NUMBER):
            kind = _("ett samordningsnummer") if coordination else _("ett personnummer")
            raise ValidationError(
                _("Numret är %(kind)s. Välj rätt identitet ovan.") % {"kind": kind}, code="wrong_kind"
            )
        if self.instance.pk and normalised == self.instance.personnummer:
            return normalised
        return self.checked_for_duplicates(normalised)

    def checked_for_duplicates(self, normalised: str) -> str:
        if duplicate_checks_exhausted(self.checked_by):
            raise ValidationError(
                _(
                    "Du har kontrollerat många personnummer som redan finns i Insikt den senaste timmen. "
                    "Vänta en stund och försök igen."
                ),
                code="rate_limited",
            )
        others = Participant.objects.filter(personnummer=normalised).exclude(pk=self.instance.pk)
        self.duplicate_of = others.values_list("pk", flat=True).first()
        if self.duplicate_of:
            # Says nothing about who holds the person or what is recorded: only that they exist.
            raise ValidationError(
                _("Personen är redan registrerad i Insikt. Du kan begära åtkomst nedan."), code="already_registered"
            )
        return normalised

    def clean_stated_birth_date(self):
        born = self.cleaned_data.get("stated_birth_date")
        if not self.without_number:
            return None  # the number holds the birth date
        if born is None:
            raise ValidationError(_("Ange födelsedatum när personen saknar nummer."), code="required")
        if born > timezone.localdate():
            raise ValidationError(_("Födelsedatumet kan inte ligga i framtiden."))
        if born < OLDEST_BIRTH_DATE:
            raise ValidationError(_("Kontrollera födelsedatumet: det ligger före 1900."))
        return born

    def clean_no_number_reason(self):
        reason = self.cleaned_data.get("no_number_reason", "").strip()
        if not self.without_number:
            return ""
        if not reason:
            raise ValidationError(_("Ange varför personen saknar personnummer och samordningsnummer."))
        return reason

    def clean_address(self):
        address = self.cleaned_data.get("address", "").strip()
        if not address or not self.cleaned_data.get("protected_identity"):
            return address
        if self.instance.pk and address == self.instance.address and not self.instance.protected_identity:
            # Protection chosen now for a person whose address was stored: it goes (the page says so).
            self.address_removed = True
            return ""
        raise ValidationError(
            _("Ingen adress sparas för en person med skyddade personuppgifter. Töm fältet."), code="protected"
        )

    def clean(self):
        cleaned = super().clean()
        af, job = cleaned.get("af_registered_on"), cleaned.get("job_entered_on")
        if af and job and job < af:
            # The guarantee is entered from Arbetsförmedlingen: never before the person was registered there.
            self.add_error("job_entered_on", _("Datumet ligger före inskrivningen på Arbetsförmedlingen."))
            job = None
        if cleaned.get("district") and af and job:
            on = self.instance.registered_on if self.instance.pk else timezone.localdate()
            self.eligibility = eligibility_failures(
                district=cleaned["district"], af_registered_on=af, job_entered_on=job, on=on
            )
        return cleaned

    @property
    def already_registered(self) -> bool:
        return any(e.code == "already_registered" for e in self.errors.as_data().get("personnummer", []))
