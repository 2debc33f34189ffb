"""The analysis page's forms: the filter of the descriptions, a checked quote, an area's summary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from insikt.areas import InsightArea
from reports.insights.figures import OTHER
from reports.models import AreaSummary, Quote

ANY = [("", _("Alla"))]


class FilterForm(forms.Form):
    """Which descriptions to read. Invalid choices are dropped (the list is then unfiltered by that field)."""

    omrade = forms.ChoiceField(label=_("Insiktsområde"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    typ = forms.ChoiceField(label=_("Typ"), required=False)

    def __init__(self, data, *, organisations: dict, types: dict):
        super().__init__(data)
        self.fields["omrade"].choices = ANY + list(InsightArea.choices)
        self.fields["organisation"].choices = ANY + list(organisations.items())
        self.fields["typ"].choices = ANY + list(types.items())

    def filters(self) -> dict:
        """The ORM filters of the choices made."""
        self.is_valid()
        chosen = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        result = {}
        if chosen.get("omrade"):
            result["area"] = chosen["omrade"]
        if organisation := chosen.get("organisation"):
            result.update(
                {"organisation__isnull": True} if organisation == OTHER else {"organisation_id": organisation}
            )
        if chosen.get("typ"):
            result["finding_type_id"] = chosen["typ"]
        return result


class QuoteForm(forms.Form):
    text = forms.CharField(
        label=_("Text i rapporten"),
        max_length=Quote._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Skriv om texten med egna ord: inga namn, datum, platser eller annat som kan peka ut någon."),
        error_messages={"required": _("Skriv texten som ska stå i rapporten.")},
    )
    checked = forms.BooleanField(
        label=_(
            "Jag har granskat texten: den innehåller inga namn, datum, platser eller annat som kan identifiera "
            "en person."
        ),  # fmt: skip
        error_messages={"required": _("Bekräfta att du har granskat texten innan den sparas.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Sammanfattning"),
        required=False,
        max_length=AreaSummary._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Projektledarens text om området i rapporten. Inga uppgifter om enskilda personer."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
