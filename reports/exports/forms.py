"""The evaluator's request and the project leader's decision: input and Swedish messages; the rules in services."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import ExportFormat, ReportingPeriod


class RequestForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Rapportperiod"),
        queryset=ReportingPeriod.objects.order_by("-starts_on", "kind"),
        empty_label=_("Välj period …"),
        error_messages={"required": _("Välj vilken period exporten ska gälla.")},
        help_text=_("Exporten får en rad per deltagare som var anmäld eller aktiv under perioden."),
    )
    purpose = forms.CharField(
        label=_("Syfte"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 1000}),
        error_messages={
            "required": _("Skriv vad exporten ska användas till."),
            "max_length": _("Skriv syftet med högst 1 000 tecken (nu %(show_value)d)."),
        },
        help_text=_(
            "Vad exporten ska användas till och varför uppgifterna behövs. Projektledaren beslutar utifrån "
            "syftet, och det sparas med varje framtagen export."
        ),  # fmt: skip
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("form_token", uuid.uuid4())

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"].strip()
        if not purpose:
            raise forms.ValidationError(_("Skriv vad exporten ska användas till."))
        return purpose


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beslut"),
        choices=[("godkann", _("Godkänn")), ("avsla", _("Avslå"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om begäran godkänns eller avslås.")},
    )
    note = forms.CharField(
        label=_("Kommentar till beslutet"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        error_messages={"max_length": _("Skriv kommentaren med högst 500 tecken (nu %(show_value)d).")},
        help_text=_("Krävs vid avslag. Utvärderaren ser kommentaren."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, export, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", export.version)

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == "godkann"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "avsla" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Skriv varför begäran avslås, så att utvärderaren vet vad som saknas."))
        return cleaned


class ProduceForm(forms.Form):
    format = forms.ChoiceField(choices=ExportFormat.choices)
