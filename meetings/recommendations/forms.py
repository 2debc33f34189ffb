"""Recommendation forms. They validate input and speak Swedish; the rules that need the database (the waiver
rule, a closed participant) are in services.py, said here too so that every problem shows at once."""

import uuid
from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.areas import InsightArea
from insikt.forms import DateInput
from insikt.models import Organisation
from meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Recommendation,
    RecommendationCategory,
    RecommendationStatus,
)
from meetings.recommendations import services

FOLLOW_UP_AFTER = timedelta(weeks=8)


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{meeting.get_kind_display()} {timezone.localtime(meeting.starts_at):%Y-%m-%d}"


class OrganisationChoiceField(forms.ModelChoiceField):
    named_ids: set = set()

    def label_from_instance(self, organisation):
        if organisation.pk in self.named_ids:
            return organisation.name
        return f"{organisation.name} – " + str(_("inget gällande sekretessgenombrott"))


class RecommendationForm(forms.ModelForm):
    meeting = MeetingChoiceField(
        label=_("Från flerpartsmötet"),
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={"required": _("Välj flerpartsmötet som rekommendationen kommer från.")},
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        queryset=RecommendationCategory.objects.none(),
        empty_label=_("Välj kategori …"),
        error_messages={"required": _("Välj kategori.")},
    )
    receiving_organisation = OrganisationChoiceField(
        label=_("Mottagande organisation (rätt instans)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Kategorins förvalda mottagare"),
        help_text=_("Lämnas tomt används kategorins förvalda mottagare."),
    )
    areas = forms.MultipleChoiceField(
        label=_("Insiktsområden som rekommendationen gäller"),
        choices=InsightArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett insiktsområde.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = ["meeting", "category", "receiving_organisation", "handed_over_by_participant", "areas", "rationale",
                   "follow_up_on"]  # fmt: skip

    class Meta:
        model = Recommendation
        fields = ["meeting", "category", "receiving_organisation", "handed_over_by_participant", "rationale",
                  "follow_up_on"]  # fmt: skip

        widgets = {"rationale": forms.Textarea(attrs={"rows": 6}), "follow_up_on": DateInput()}
        labels = {
            "handed_over_by_participant": _("Deltagaren lämnar själv över rekommendationen"),
            "follow_up_on": _("Följs upp senast"),
        }
        help_texts = {
            "handed_over_by_participant": _(
                "För en mottagare som inget sekretessgenombrott nämner. Överlämningsdokumentet har då inget namn "
                "eller personnummer."
            ),
            "rationale": _(
                "Varför just detta, med det mottagaren behöver veta. Projektet rekommenderar, mottagaren beslutar. "
                "Inga hälsouppgifter eller detaljer ur genomlysningen."
            ),
        }
        error_messages = {
            "rationale": {"required": _("Skriv en motivering.")},
            "follow_up_on": {"invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")},
        }

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.instance.participant = participant
        self.fields["meeting"].queryset = participant.meetings.filter(
            Q(kind=MeetingKind.MULTI_PARTY, status=MeetingStatus.HELD) | Q(pk=self.instance.meeting_id)
        ).order_by("-starts_at")
        self.fields["category"].queryset = RecommendationCategory.objects.filter(
            Q(active=True) | Q(pk=self.instance.category_id)
        ).select_related("default_receiving_organisation")
        self.fields["receiving_organisation"].named_ids = participant.named_organisation_ids()
        self.initial["form_token"] = uuid.uuid4()
        if self.instance._state.adding:
            self.initial.setdefault("follow_up_on", timezone.localdate() + FOLLOW_UP_AFTER)
        else:
            self.initial["version"] = self.instance.version
            self.initial["areas"] = [a.area for a in self.instance.areas.all()]
            if not self.instance.is_draft:
                # What was sent is history; only the follow-up date can move.
                for name in self.fields:
                    if name not in ("follow_up_on", "version", "form_token"):
                        self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category and not cleaned.get("receiving_organisation") and "receiving_organisation" not in self.errors:
            if category.default_receiving_organisation_id:
                cleaned["receiving_organisation"] = category.default_receiving_organisation
            else:
                self.add_error("receiving_organisation", _("Kategorin har ingen förvald mottagare. Välj en."))
        if self.instance.is_draft and cleaned.get("receiving_organisation") and cleaned.get("meeting"):
            # The service's rules, on what was typed (the instance gets it only after clean()).
            candidate = Recommendation(
                participant=self.participant,
                meeting=cleaned["meeting"],
                receiving_organisation=cleaned["receiving_organisation"],
                handed_over_by_participant=cleaned.get("handed_over_by_participant", False),
            )
            for field, message in services.rule_errors(candidate).items():
                self.add_error(None if field == "__all__" else field, message)
        return cleaned


class StatusForm(forms.Form):
    """The next step: sent (when, to whom), received, or the outcome."""

    to_status = forms.ChoiceField(
        label=_("Ny status"), widget=forms.RadioSelect, error_messages={"required": _("Välj ny status.")}
    )
    sent_on = forms.DateField(
        label=_("Skickad datum"),
        required=False,
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages={"invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")},
    )
    sent_to = forms.CharField(
        label=_("Skickad till"),
        required=False,
        max_length=200,
        help_text=_("Enhet eller person hos mottagaren, t.ex. ”AF Malmö Centrum, arbetsförmedlare Lisa Ek”."),
    )
    outcome_reason = forms.CharField(
        label=_("Skäl"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs när rekommendationen inte genomfördes."),
    )
    follow_up_on = forms.DateField(
        label=_("Följs upp senast"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")},
    )
    comment = forms.CharField(label=_("Kommentar (valfri)"), required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation
        self.fields["to_status"].choices = [(s, RecommendationStatus(s).label) for s in recommendation.next_statuses]
        self.initial.setdefault("version", recommendation.version)
        self.initial["form_token"] = uuid.uuid4()
        self.initial.setdefault("follow_up_on", recommendation.follow_up_on)
        if recommendation.handed_over_by_participant:
            self.initial.setdefault("sent_to", _("Deltagaren, som lämnar över den själv"))
        if recommendation.is_draft:
            self.initial.setdefault("to_status", RecommendationStatus.SENT)
        else:
            del self.fields["sent_on"], self.fields["sent_to"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("to_status")
        if status == RecommendationStatus.SENT:
            if not cleaned.get("sent_on") and "sent_on" not in self.errors:
                self.add_error("sent_on", _("Ange när rekommendationen skickades."))
            if not cleaned.get("sent_to", "").strip():
                self.add_error("sent_to", _("Ange vilken enhet eller person som fick rekommendationen."))
        if status == RecommendationStatus.NOT_DONE and not cleaned.get("outcome_reason", "").strip():
            self.add_error("outcome_reason", _("Ange varför rekommendationen inte genomfördes."))
        return cleaned
