from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.choices import YesNo
from insikt.forms import DateInput
from insikt.models import Organisation
from participants import personnummer
from participants.models import (
    AccessRequest,
    ClosingReason,
    ConsentForm,
    Status,
    Task,
)
from participants.participant_form import ParticipantForm, duplicate_checks_exhausted  # noqa: F401

DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
# What a scanned document may be, by its first bytes: a file's name says nothing about its content.
DOCUMENT_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
CHOOSE_FILE_AGAIN = _("Välj filen igen: en vald fil sparas inte förrän hela formuläret är godkänt.")


def clean_document(document):
    if not document:
        return document
    if document.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("Filen är för stor (högst 5 MB)."))
    document.seek(0)
    head = document.read(8)
    document.seek(0)
    suffix = next((suffix for signature, suffix in DOCUMENT_SIGNATURES.items() if head.startswith(signature)), None)
    if suffix is None:
        raise ValidationError(_("Filen är inte en PDF-, JPG- eller PNG-fil. Skanna dokumentet till något av dem."))
    document.name = f"dokument.{suffix}"  # stored and served by what it is, not by what it was called
    return document


class DocumentUploadForm(forms.Form):
    """A form with an optional scanned document. After any error the browser has dropped the chosen file: say so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # static/js/upload-limit.js refuses an oversize file on the field, before anything is sent.
        self.fields["document"].widget.attrs.update(
            {"data-max-bytes": DOCUMENT_MAX_BYTES, "data-too-large": _("Filen är för stor (högst 5 MB).")}
        )

    def clean_document(self):
        return clean_document(self.cleaned_data.get("document"))

    def full_clean(self):
        super().full_clean()
        if self.errors and self.files.get("document") and "document" not in self.errors:
            # The bound field copied the help text when it was made: set it on both.
            self.fields["document"].help_text = self["document"].help_text = CHOOSE_FILE_AGAIN


def not_in_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(_("Datumet kan inte ligga i framtiden."))
    return day


class AccessRequestForm(forms.Form):
    personnummer = forms.CharField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Meddelande till den organisation som registrerat personen"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_personnummer(self):
        return personnummer.normalise(self.cleaned_data["personnummer"])


class AccessAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Svar"),
        choices=AccessRequest.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj ett svar.")},
    )
    message = forms.CharField(
        label=_("Meddelande till den som frågade (valfritt)"),
        required=False,
        max_length=500,
        help_text=_("Skriv inget om personen: den som frågade får inte veta mer än svaret."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Ny status"))
    reason = forms.CharField(
        label=_("Skäl"), required=False, max_length=300, help_text=_("Krävs för avböjt och avbrutet.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices


class CloseForm(forms.Form):
    """Avslut. The rules (not already ended, date not before registration) are the service's; shown per field."""

    reason = forms.ChoiceField(
        label=_("Skäl till avslut"),
        choices=ClosingReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj skäl till avslut.")},
    )
    note = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs vid ”Annat”. Skriv inga känsliga uppgifter."),
    )
    closed_on = forms.DateField(
        label=_("Avslutsdatum"),
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages={"required": _("Ange avslutsdatum."), "invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")},
    )
    cancel_meetings = forms.BooleanField(
        label=_("Ställ in deltagarens bokade möten framåt"),
        required=False,
        initial=True,
        help_text=_("De som deltar i mötena får en avisering."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför återöppnas deltagaren?"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ange varför deltagaren återöppnas.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConsentRegistrationForm(DocumentUploadForm):
    given_on = forms.DateField(label=_("Datum för samtycket"), widget=DateInput(), validators=[not_in_future])
    form = forms.ChoiceField(label=_("Form"), choices=ConsentForm.choices, widget=forms.RadioSelect)
    sus_consent = forms.TypedChoiceField(
        label=_("Samtycker till registrering i SUS"),
        choices=YesNo.choices,
        coerce=YesNo.is_yes,
        widget=forms.RadioSelect,
        error_messages={"required": _("Svara ja eller nej: samtycker personen till registrering i SUS?")},
        help_text=_("SUS är Finsams uppföljningssystem. Utan samtycke rapporteras personen bara som anonym deltagare."),
    )
    document = forms.FileField(
        label=_("Inskannat dokument (valfritt)"), required=False, help_text=_("PDF, JPG eller PNG, högst 5 MB.")
    )


class WaiverRegistrationForm(DocumentUploadForm):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Sekretessen hävs mot"),
        queryset=Organisation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en organisation.")},
    )
    valid_from = forms.DateField(label=_("Gäller från"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("Gäller till (valfritt)"), required=False, widget=DateInput(), help_text=_("Tomt: tills vidare.")
    )
    form = forms.ChoiceField(label=_("Form"), choices=ConsentForm.choices, widget=forms.RadioSelect)
    document = forms.FileField(
        label=_("Inskannat dokument (valfritt)"), required=False, help_text=_("PDF, JPG eller PNG, högst 5 MB.")
    )

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        # The registering organisation sees the person anyway; a waiver is about the others.
        self.fields["organisations"].queryset = Organisation.objects.exclude(pk=participant.registering_organisation_id)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Slutdatumet ligger före startdatumet."))
        return cleaned


class WithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Återkallat datum"), widget=DateInput(), initial=timezone.localdate, validators=[not_in_future]
    )
    reason = forms.CharField(label=_("Skäl"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ResponsibleForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Ansvarig handläggare i din organisation"), queryset=None, empty_label=_("Välj handläggare")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = organisation.casework_staff()


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök namn, födelsedatum eller personnummer"),
        required=False,
        max_length=100,
        help_text=_("Ett personnummer tar dig direkt till personen; det syns aldrig i adressfältet."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Registrerad av"),
        required=False,
        queryset=Organisation.objects.filter(registers_participants=True),
        empty_label=_("Alla"),
    )
    mine = forms.BooleanField(label=_("Bara där jag är ansvarig"), required=False)
    stuck = forms.IntegerField(
        label=_("Samma status i minst (dagar)"), required=False, min_value=1, max_value=3650,
        error_messages={"invalid": _("Ange ett antal dagar, t.ex. 30."),
                        "min_value": _("Ange minst 1 dag."), "max_value": _("Ange högst 3650 dagar.")},
    )  # fmt: skip
    eligible = forms.ChoiceField(
        label=_("Målgrupp"),
        required=False,
        choices=[("", _("Alla")), (YesNo.YES, _("Inom målgruppen")), (YesNo.NO, _("Utanför målgruppen"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alla")), *Status.choices]

    def select_fields(self) -> list:
        """(bound field, [(value, label, selected)]) per select, for the list page's hand-written filter markup:
        rendering these through widget templates was a third of the participant list's server time (issue 13)."""
        fields = []
        for name in ("status", "organisation", "eligible"):
            chosen = "" if self[name].value() is None else str(self[name].value())
            fields.append((self[name], [(str(v), label, str(v) == chosen) for v, label in self.fields[name].choices]))
        return fields


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "due_on", "assigned_to"]
        widgets = {"due_on": DateInput()}
        labels = {"title": _("Vad ska göras?")}
        help_texts = {
            "title": _("T.ex. ”Ring tillbaka om tid för flerpartsmöte”. Uppgiften syns bara i din organisation.")
        }
        error_messages = {
            "title": {"required": _("Skriv vad som ska göras.")},
            "due_on": {"required": _("Ange ett datum."), "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
            "assigned_to": {"required": _("Välj vem som gör uppgiften.")},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = organisation.casework_staff()
        self.fields["assigned_to"].empty_label = _("Välj handläggare")

    def clean_due_on(self):
        # Also checked by tasks.create_task; here so that every field's error shows at once.
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise ValidationError(_("Datumet har redan passerat."))
        return due_on
