"""The finding form. It validates input and speaks Swedish; the rules that need the database (a retired type, the
source's participant, an anonymised participant) are in services.py, said here too so that every problem shows at
once, on its field."""

import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.areas import InsightArea
from insikt.forms import DateInput
from insikt.models import Organisation
from meetings.findings import services
from meetings.models import Finding, FindingType, MeetingKind, MeetingStatus

OTHER = "annan"
REVIEW, MEETING = "genomlysning", "mote"
DATE_ERROR = {"invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")}


class TypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, finding_type):
        label = f"{finding_type.name}" + (f" – {finding_type.description}" if finding_type.description else "")
        return label if finding_type.active else f"{label} ({_('används inte längre')})"


def source_value(finding: Finding) -> str:
    if finding.history_review_id:
        return f"{REVIEW}:{finding.history_review_id}"
    if finding.meeting_id:
        return f"{MEETING}:{finding.meeting_id}"
    return ""


class FindingForm(forms.ModelForm):
    organisation = forms.ChoiceField(
        label=_("Organisation som iakttagelsen gäller"),
        error_messages={"required": _("Välj vilken organisation iakttagelsen gäller.")},
    )
    area = forms.ChoiceField(
        label=_("Insiktsområde"),
        choices=[("", _("Välj insiktsområde …")), *InsightArea.choices],
        error_messages={"required": _("Välj insiktsområde.")},
    )
    finding_type = TypeChoiceField(
        label=_("Typ av iakttagelse"),
        queryset=FindingType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Välj typ av iakttagelse."), "invalid_choice": _("Välj en av typerna.")},
    )
    source = forms.ChoiceField(
        label=_("Var iakttagelsen gjordes"),
        required=False,
        help_text=_("Genomlysningen eller det genomförda flerpartsmöte som iakttagelsen kommer från, om någon."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = ["source", "organisation", "other_organisation", "area", "finding_type", "period_from", "period_to",
                   "description", "suggested_change"]  # fmt: skip

    class Meta:
        model = Finding
        fields = ["other_organisation", "area", "finding_type", "period_from", "period_to", "description",
                  "suggested_change"]  # fmt: skip
        widgets = {
            "period_from": DateInput(),
            "period_to": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "suggested_change": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "other_organisation": _("Annan organisation"),
            "period_from": _("Gäller tiden från (valfritt)"),
            "period_to": _("Gäller tiden till (valfritt)"),
            "description": _("Beskrivning"),
            "suggested_change": _("Förslag till ändring (valfritt)"),
        }
        help_texts = {
            "other_organisation": _("Bara när du valt ”Annan organisation”: dess namn, t.ex. Kriminalvården."),
            "description": _(
                "Kort och sakligt: vad hände, och vad hade kunnat göras annorlunda? Skriv inte mer om personen än "
                "analysen behöver. Beskrivningen tas bort när deltagaren anonymiseras."
            ),
            "suggested_change": _("Vad organisationen kunde ändra i sitt ordinarie arbete."),
        }
        error_messages = {
            "period_from": DATE_ERROR,
            "period_to": DATE_ERROR,
            "description": {"required": _("Beskriv kort vad som hände.")},
        }

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.instance.participant = participant
        # The type as saved: a retired type may stay on the finding that has it (the instance changes in clean).
        self.saved_type_id = None if self.instance._state.adding else self.instance.finding_type_id
        self.fields["description"].required = True
        self.fields["organisation"].choices = [
            ("", _("Välj organisation …")),
            *((str(o.pk), o.name) for o in Organisation.objects.order_by("name")),
            (OTHER, _("Annan organisation")),
        ]
        self.fields["finding_type"].queryset = FindingType.objects.filter(
            Q(active=True) | Q(pk=self.instance.finding_type_id)
        )
        self.sources = self._sources()
        self.fields["source"].choices = [
            ("", _("Ingen särskild")),
            *((k, label) for k, (label, _o) in self.sources.items()),
        ]
        self.initial["form_token"] = uuid.uuid4()
        if not self.instance._state.adding:
            self.initial["version"] = self.instance.version
            self.initial["organisation"] = str(self.instance.organisation_id or OTHER)
            self.initial["source"] = source_value(self.instance)

    def _sources(self) -> dict:
        """value → (label, record): the participant's history reviews and held multi-party meetings."""
        sources = {}
        for review in self.participant.history_reviews.select_related("organisation").order_by("created_at"):
            state = (
                _("klar %(day)s") % {"day": review.completed_on.isoformat()} if review.completed_on else _("påbörjad")
            )
            sources[f"{REVIEW}:{review.pk}"] = (
                f"{_('Genomlysning')}, {review.organisation.short_name} ({state})",
                review,
            )
        held = Q(kind=MeetingKind.MULTI_PARTY, status=MeetingStatus.HELD) | Q(pk=self.instance.meeting_id)
        for meeting in self.participant.meetings.filter(held).order_by("starts_at"):
            day = timezone.localdate(meeting.starts_at).isoformat()
            sources[f"{MEETING}:{meeting.pk}"] = (f"{meeting.get_kind_display()} {day}", meeting)
        return sources

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("organisation")
        self.instance.organisation_id = None if chosen in (None, "", OTHER) else int(chosen)
        if chosen and chosen != OTHER:
            cleaned["other_organisation"] = ""
        _label, source = self.sources.get(cleaned.get("source") or "", (None, None))
        self.instance.history_review = source if cleaned.get("source", "").startswith(REVIEW) else None
        self.instance.meeting = source if cleaned.get("source", "").startswith(MEETING) else None
        candidate = Finding(
            participant=self.participant,
            organisation_id=self.instance.organisation_id,
            other_organisation=cleaned.get("other_organisation", ""),
            finding_type=cleaned.get("finding_type"),
            history_review=self.instance.history_review,
            meeting=self.instance.meeting,
        )
        for field, message in services.rule_errors(candidate, saved_type_id=self.saved_type_id).items():
            if field == "other_organisation" and not chosen:
                continue  # "choose an organisation" says it already
            field = "source" if field in ("meeting", "history_review") else field
            self.add_error(None if field == "__all__" else field, message)
        return cleaned

    def _update_errors(self, errors):
        # The model's clean() repeats what the form's own checks said (a missing description): say it once.
        if hasattr(errors, "error_dict"):
            for field, messages in list(errors.error_dict.items()):
                said = set(self.errors.get(field, []))
                kept = [m for m in messages if not said.intersection(m.messages)]
                if kept:
                    errors.error_dict[field] = kept
                else:
                    del errors.error_dict[field]
            if not errors.error_dict:
                return
        super()._update_errors(errors)
