"""The steering group's forms: a meeting's dates, a point before the förmöte, the agenda, and a decision."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from insikt.forms import DateInput
from reports.models import AGENDA_FIELDS, AgendaHeading, SteeringDecision, SteeringMeeting
from reports.steering.queries import prefilled_texts
from reports.steering.services import decision_errors, meeting_errors

REQUIRED_DATE = {"required": _("Ange ett datum."), "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")}


class Tokened(forms.Form):
    """The version the form was opened on and its one-time token (insikt.locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["form_token"] = uuid.uuid4()
        instance = getattr(self, "instance", None)
        if instance is not None and not instance._state.adding:
            self.initial["version"] = instance.version


class MeetingForm(Tokened, forms.ModelForm):
    class Meta:
        model = SteeringMeeting
        fields = ["meets_on", "pre_meeting_on", "period"]
        widgets = {"meets_on": DateInput(), "pre_meeting_on": DateInput()}
        labels = {"meets_on": _("Styrgruppsmötets datum"), "pre_meeting_on": _("Förmötets datum")}
        help_texts = {
            "pre_meeting_on": _("Personalen lägger till punkter till dagordningen fram till förmötet."),
            "period": _("Dagordningens siffror räknas för den här rapportperioden, som i rapporterna."),
        }
        error_messages = {
            "meets_on": REQUIRED_DATE,
            "pre_meeting_on": {"invalid": REQUIRED_DATE["invalid"]},
            "period": {"required": _("Välj vilken rapportperiod siffrorna ska gälla.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].empty_label = _("Välj period")

    def clean(self):
        cleaned = super().clean()
        errors = meeting_errors(meets_on=cleaned.get("meets_on"), pre_meeting_on=cleaned.get("pre_meeting_on"))
        for field, message in errors.items():
            self.add_error(field, message)  # before the model's constraint, which has no message of its own
        return cleaned


class PointForm(Tokened):
    heading = forms.ChoiceField(
        label=_("Rubrik"), choices=AgendaHeading.choices, error_messages={"required": _("Välj en rubrik.")}
    )
    text = forms.CharField(
        label=_("Punkt"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv punkten."),
                        "max_length": _("Punkten får vara högst %(limit_value)d tecken (nu %(show_value)d).")},
        help_text=_("Det du vill att förmötet tar upp. Skriv aldrig namn eller annat som pekar ut en deltagare."),
    )  # fmt: skip


class AgendaForm(Tokened):
    """One text per heading; an empty one starts as the staff's points under it."""

    def __init__(self, *args, meeting: SteeringMeeting, **kwargs):
        self.instance = meeting
        super().__init__(*args, **kwargs)
        prefilled = prefilled_texts(meeting)
        for heading in AgendaHeading:
            field = AGENDA_FIELDS[heading.value]
            model_field = SteeringMeeting._meta.get_field(field)
            self.fields[field] = forms.CharField(
                label=model_field.verbose_name,
                required=False,
                max_length=model_field.max_length,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"max_length": _("Texten får vara högst %(limit_value)d tecken (nu %(show_value)d).")},
            )
            self.initial[field] = prefilled[field]
        self.fields["happened"].help_text = _(
            "Öppna beslut från tidigare möten kommer med i dagordningen under den här rubriken av sig själva."
        )
        self.fields["goal_comment"].help_text = _("Måluppfyllnaden och flödet hämtas ur rapporternas siffror.")

    def texts(self) -> dict[str, str]:
        return {field: self.cleaned_data[field] for field in AGENDA_FIELDS.values()}


class DecisionForm(Tokened, forms.ModelForm):
    class Meta:
        model = SteeringDecision
        fields = ["text", "responsible", "due_on", "closed_on", "closing_note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_on": DateInput(), "closed_on": DateInput()}
        labels = {"text": _("Beslut"), "responsible": _("Ansvarig"), "due_on": _("Klart senast"),
                  "closed_on": _("Avslutat den"), "closing_note": _("Hur beslutet avslutades")}  # fmt: skip
        help_texts = {
            "responsible": _("En roll eller en organisation, t.ex. ”Projektledaren” eller ”Enhetscheferna”."),
            "closed_on": _("Lämna tomt så länge beslutet är öppet: det står då kvar på varje ny dagordning."),
        }
        error_messages = {
            "text": {"required": _("Skriv vad styrgruppen beslutade.")},
            "responsible": {"required": _("Ange vem som är ansvarig.")},
            "due_on": {"invalid": REQUIRED_DATE["invalid"]},
            "closed_on": {"invalid": REQUIRED_DATE["invalid"]},
        }

    def __init__(self, *args, closing: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not closing:  # a decision just taken is open
            del self.fields["closed_on"], self.fields["closing_note"]

    def clean(self):
        cleaned = super().clean()
        dates = {f: cleaned.get(f) for f in ("due_on", "closed_on") if f in self.fields}
        note = cleaned.get("closing_note") or ""
        errors = decision_errors(meets_on=self.instance.meeting.meets_on, closing_note=note, **dates)
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned
