"""The period of the SUS export, for the page and the command alike (the command reports the same messages)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from insikt.forms import DateInput
from reports.models import ExportFormat

DATE_MESSAGES = {"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."), "required": _("Ange ett datum (ÅÅÅÅ-MM-DD).")}


class SusPeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("Från och med"), widget=DateInput(), error_messages=DATE_MESSAGES)
    ends_on = forms.DateField(label=_("Till och med"), widget=DateInput(), error_messages=DATE_MESSAGES)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Slutdatumet ligger före startdatumet."))
        return cleaned


class SusProduceForm(SusPeriodForm):
    format = forms.ChoiceField(choices=ExportFormat.choices, error_messages={"required": _("Välj CSV eller XLSX.")})
