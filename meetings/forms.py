"""Booking, outcome and history-review forms. They validate input and speak Swedish; the rules that need
the database (consent, waivers, overlaps) are in services.py and come back here as field errors."""

import uuid

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insikt.forms import DateInput
from insikt.models import CASEWORK_ROLES, User
from meetings.models import (
    AttendeeKind,
    EventCategory,
    HistoryReview,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    ProgrammeType,
    ReviewBenefit,
    ReviewBenefitType,
    ReviewEvent,
    ReviewProgramme,
)
from meetings.services import closed_error, rule_errors
from participants.forms import not_in_future
from participants.models import Status

DURATIONS = [(15, "15 min"), (30, "30 min"), (45, "45 min"), (60, "1 tim"), (90, "1 tim 30 min"), (120, "2 tim"),
             (150, "2 tim 30 min"), (180, "3 tim"), (240, "4 tim")]  # fmt: skip


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class StaffCheckboxes(forms.CheckboxSelectMultiple):
    """Staff of an organisation no waiver names can't be ticked: the box is disabled, the label says why."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        allowed = getattr(self, "allowed_organisation_ids", None)
        user = getattr(value, "instance", None)
        if allowed is not None and user is not None and user.organisation_id not in allowed and not selected:
            option["attrs"]["disabled"] = True
        return option


class StaffChoiceField(forms.ModelMultipleChoiceField):
    # Organisations that may sit at the table for this participant; set by the form. None: don't say.
    allowed_organisation_ids: set | None = None

    def label_from_instance(self, user):
        label = f"{user.get_full_name() or user.username} ({user.organisation.short_name})"
        if self.allowed_organisation_ids is not None and user.organisation_id not in self.allowed_organisation_ids:
            label += " – " + str(_("inget gällande sekretessgenombrott"))
        return label


def staff_queryset():
    """Everyone who can sit at the table for an organisation: active caseworkers and project leaders."""
    return (
        User.objects.filter(is_active=True, role__in=CASEWORK_ROLES, organisation__has_staff=True)
        .select_related("organisation")
        .order_by("organisation__name", "first_name", "last_name")
    )


class MeetingForm(forms.ModelForm):
    """Book or change a meeting: when, where, and who takes part."""

    staff = StaffChoiceField(
        label=_("Handläggare som deltar"),
        queryset=User.objects.none(),
        widget=StaffCheckboxes,
        error_messages={"required": _("Välj minst en handläggare som deltar.")},
        help_text=_(
            "Handläggare från en annan organisation än den som anmält deltagaren kan bara delta när "
            "ett gällande sekretessgenombrott nämner deras organisation."
        ),
    )
    video_link = forms.URLField(
        label=_("Videolänk"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Ange plats, videolänk eller båda."),
        error_messages={"invalid": _("Ange en fullständig länk som börjar med https://.")},
    )
    participant_attends = forms.BooleanField(label=_("Deltagaren deltar"), required=False, initial=True)
    interpreter_language = forms.CharField(
        label=_("Tolk – språk"), required=False, max_length=60, help_text=_("Tomt: ingen tolk.")
    )
    interpreter_name = forms.CharField(label=_("Tolkens namn (valfritt)"), required=False, max_length=120)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # One token per opened form: a second submit of the same form finds the meeting already booked.
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # Sent only by the "Boka ändå" button that appears with an overlap warning.
    confirm_overlap = forms.BooleanField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["kind", "starts_at", "duration_minutes", "place", "video_link"]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_at": DateTimeLocalInput(),
            "duration_minutes": forms.Select(choices=DURATIONS),
            "place": forms.TextInput(attrs={"placeholder": _("T.ex. Jobbtorg Malmö, Södergatan 1, rum 3")}),
        }
        labels = {"starts_at": _("Datum och tid"), "duration_minutes": _("Längd")}
        error_messages = {
            "kind": {"required": _("Välj typ av möte.")},
            "starts_at": {
                "required": _("Ange datum och tid för mötet."),
                "invalid": _("Ange datum och tid som ÅÅÅÅ-MM-DD TT:MM."),
            },
        }

    def __init__(self, *args, participant, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["staff"].queryset = staff_queryset()
        self.fields["staff"].allowed_organisation_ids = participant.named_organisation_ids()
        self.fields["staff"].widget.allowed_organisation_ids = self.fields["staff"].allowed_organisation_ids
        self.fields["kind"].choices = MeetingKind.choices
        if participant.status == Status.CLOSED and self.instance._state.adding:
            # After closing, only a follow-up: anything else needs a reopening, which the status history records.
            self.fields["kind"].choices = [(MeetingKind.FOLLOW_UP.value, MeetingKind.FOLLOW_UP.label)]
            self.initial["kind"] = MeetingKind.FOLLOW_UP
        self.initial["form_token"] = uuid.uuid4()
        if self.instance._state.adding:
            self.initial.setdefault("staff", [user.pk])
            if participant.needs_interpreter:
                self.initial.setdefault("interpreter_language", participant.language)
        else:
            self.initial["version"] = self.instance.version
            attendees = list(self.instance.attendees.all())
            self.initial["staff"] = [a.user_id for a in attendees if a.kind == AttendeeKind.STAFF]
            self.initial["participant_attends"] = any(a.kind == AttendeeKind.PARTICIPANT for a in attendees)
            interpreter = next((a for a in attendees if a.kind == AttendeeKind.INTERPRETER), None)
            if interpreter:
                self.initial["interpreter_language"] = interpreter.language
                self.initial["interpreter_name"] = interpreter.name
            if self.instance.status != MeetingStatus.BOOKED:
                # What kind of meeting was held is history: it moved the participant's status.
                self.fields["kind"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding and (message := closed_error(self.participant, cleaned.get("kind"))):
            self.add_error(None, message)
        if cleaned.get("interpreter_name") and not cleaned.get("interpreter_language"):
            self.add_error("interpreter_language", _("Ange vilket språk tolken tolkar till och från."))
        if self.instance.status == MeetingStatus.BOOKED and "kind" in cleaned and "staff" in cleaned:
            # Said here too, so that every problem shows at once; the service checks again when saving.
            for field, messages in rule_errors(self.participant, cleaned["kind"], list(cleaned["staff"])).items():
                self.add_error(field, messages)
        return cleaned

    def attendees(self, others) -> list[MeetingAttendee]:
        """The attendees as unsaved records, from this form and the formset of others."""
        cleaned = self.cleaned_data
        attendees = [MeetingAttendee(kind=AttendeeKind.STAFF, user=user) for user in cleaned["staff"]]
        if cleaned["participant_attends"]:
            attendees.append(MeetingAttendee(kind=AttendeeKind.PARTICIPANT))
        if cleaned["interpreter_language"]:
            attendees.append(
                MeetingAttendee(
                    kind=AttendeeKind.INTERPRETER,
                    language=cleaned["interpreter_language"].strip(),
                    name=cleaned["interpreter_name"].strip(),
                )
            )
        for form in others:
            if form.cleaned_data.get("name"):
                attendees.append(
                    MeetingAttendee(
                        kind=AttendeeKind.OTHER,
                        name=form.cleaned_data["name"].strip(),
                        role=form.cleaned_data["role"].strip(),
                    )
                )
        return attendees


class OtherAttendeeForm(forms.Form):
    name = forms.CharField(label=_("Namn"), required=False, max_length=120)
    role = forms.CharField(
        label=_("Roll"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("T.ex. god man, sjuksköterska")}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") and not cleaned.get("name"):
            self.add_error("name", _("Ange namnet på den som deltar."))
        return cleaned


OtherAttendeeFormSet = forms.formset_factory(OtherAttendeeForm, extra=2, max_num=20, validate_max=True)


def other_attendees_formset(data=None, meeting=None):
    initial = []
    if meeting is not None:
        initial = [{"name": a.name, "role": a.role} for a in meeting.attendees.all() if a.kind == AttendeeKind.OTHER]
    return OtherAttendeeFormSet(data, initial=initial, prefix="ovriga")


class OutcomeForm(forms.ModelForm):
    """How the meeting went (held, cancelled, no-show) and its minutes."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["status", "cancel_reason", "notes"]
        widgets = {
            "status": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 12}),
        }
        labels = {"status": _("Utfall"), "notes": _("Anteckningar från mötet")}
        help_texts = {
            "cancel_reason": _("Krävs när mötet är inställt."),
            "notes": _(
                "Skriv det som behövs för det fortsatta arbetet. Känsliga uppgifter bara i den mån de är "
                "relevanta och personen har samtyckt."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["version"] = self.instance.version
        self.initial["form_token"] = uuid.uuid4()
        # The ways out of "Bokat" (services.record_outcome): never back into it, never out of "Genomfört".
        saved = self.instance.status
        choices = MeetingStatus.choices
        if saved == MeetingStatus.HELD:
            choices = [(MeetingStatus.HELD, MeetingStatus.HELD.label)]
        elif saved != MeetingStatus.BOOKED:
            choices = [c for c in choices if c[0] != MeetingStatus.BOOKED]
        self.fields["status"].choices = choices

    def clean(self):
        cleaned = super().clean()
        # Said here at the field; the service checks it again for callers without a form.
        if cleaned.get("status") == MeetingStatus.CANCELLED and not cleaned.get("cancel_reason", "").strip():
            self.add_error("cancel_reason", _("Ange skälet till att mötet ställdes in."))
        return cleaned


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.active else f"{obj.name} ({_('utgått')})"


class ProgrammeForm(forms.ModelForm):
    programme_type = ProgrammeChoiceField(
        label=_("Program/insats"),
        queryset=ProgrammeType.objects.none(),
        empty_label=_("Välj …"),
        error_messages={"required": _("Välj program eller insats.")},
    )

    class Meta:
        model = ReviewProgramme
        fields = ["programme_type", "provider", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        error_messages = {"starts_on": {"required": _("Ange från vilket datum.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Types the project leader has retired stay selectable on rows that already use them.
        self.fields["programme_type"].queryset = ProgrammeType.objects.filter(
            Q(active=True) | Q(pk=self.initial.get("programme_type"))
        )
        self.fields["starts_on"].validators.append(not_in_future)


class BenefitForm(forms.ModelForm):
    class Meta:
        model = ReviewBenefit
        fields = ["benefit_type", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        error_messages = {
            "benefit_type": {"required": _("Välj ersättning.")},
            "starts_on": {"required": _("Ange från vilket datum.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit_type"].choices = [("", _("Välj …")), *ReviewBenefitType.choices]
        self.fields["starts_on"].validators.append(not_in_future)


class EventForm(forms.ModelForm):
    class Meta:
        model = ReviewEvent
        fields = ["category", "occurred_on", "description"]
        widgets = {"occurred_on": DateInput()}
        error_messages = {
            "category": {"required": _("Välj område.")},
            "description": {"required": _("Beskriv kort vad som hände.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Välj …")), *EventCategory.choices]
        self.fields["occurred_on"].validators.append(not_in_future)


class RowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Ta bort")


def row_formset(form, extra):
    return forms.formset_factory(form, RowFormSet, extra=extra, can_delete=True, max_num=60, validate_max=True)


ProgrammeFormSet = row_formset(ProgrammeForm, extra=2)
BenefitFormSet = row_formset(BenefitForm, extra=2)
EventFormSet = row_formset(EventForm, extra=1)


class HistoryReviewForm(forms.ModelForm):
    completed = forms.BooleanField(
        label=_("Genomlysningen är klar"),
        required=False,
        help_text=_("Markera när din organisations genomgång är färdig inför flerpartsmötet."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HistoryReview
        fields = ["earlier_plans", "summary"]
        widgets = {
            "earlier_plans": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "summary": _(
                "Vad säger historiken om personens väg hittills? Skriv så att de andra organisationerna förstår."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["form_token"] = uuid.uuid4()
        if not self.instance._state.adding:
            self.initial["version"] = self.instance.version
            self.initial["completed"] = self.instance.completed_on is not None


def review_formsets(data=None, review=None):
    """The three tables of a review, each a formset of rows; a saved review's rows come back as initial data."""
    saved = review is not None and not review._state.adding

    def rows(related, fields):
        return [{f: getattr(obj, f"{f}_id" if f == "programme_type" else f) for f in fields} for obj in related.all()]

    return {
        "programmes": ProgrammeFormSet(
            data, prefix="program", initial=rows(review.programmes, ProgrammeForm._meta.fields) if saved else []
        ),
        "benefits": BenefitFormSet(
            data, prefix="ersattning", initial=rows(review.benefits, BenefitForm._meta.fields) if saved else []
        ),
        "events": EventFormSet(
            data, prefix="handelse", initial=rows(review.events, EventForm._meta.fields) if saved else []
        ),
    }


def add_service_error(form, error) -> None:
    """Show a service's ValidationError at the fields it names, or above the form when the form lacks them."""
    if hasattr(error, "error_dict") and all(k in form.fields or k == "__all__" for k in error.error_dict):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)


def formset_rows(formset) -> list:
    """The formset's rows as unsaved records: filled in, not marked for removal."""
    return [
        form.save(commit=False) for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
