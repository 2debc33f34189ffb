"""The outcome form (one moment's occupation and support) and the same questions on the closing form.

The rules are participants/outcomes.py's; said here on the fields, every problem at once, nothing typed lost."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insikt.forms import DateInput
from participants import outcomes
from participants.forms import CloseForm
from participants.models import Occupation, OutcomeMoment, Support

DATE_ERRORS = {"required": _("Ange datum."), "invalid": _("Ange datum som ÅÅÅÅ-MM-DD.")}


def occupation_field(label, required: bool):
    return forms.ChoiceField(label=label, choices=Occupation.choices, widget=forms.RadioSelect, required=required,
                             error_messages={"required": _("Välj sysselsättning.")})  # fmt: skip


def supports_field(label, required: bool):
    return forms.MultipleChoiceField(
        label=label,
        choices=Support.choices,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text=_("Välj alla som gäller."),
        error_messages={"required": _("Välj minst en försörjning."), "invalid_choice": _("Välj bland alternativen.")},
    )


class OutcomeForm(forms.Form):
    recorded_on = forms.DateField(label=_("Datum"), widget=DateInput(), error_messages=DATE_ERRORS,
                                  help_text=_("Den dag uppgifterna gäller."))  # fmt: skip
    not_reached = forms.BooleanField(
        label=_("Gick inte att nå"),
        required=False,
        help_text=_("Kryssa i om personen inte gick att nå för uppföljningen; lämna då resten tomt."),
    )
    occupation = occupation_field(_("Sysselsättning"), required=False)
    supports = supports_field(_("Försörjning"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, participant, moment: outcomes.Moment, outcome=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant, self.moment = participant, moment
        if not moment.is_follow_up:
            del self.fields["not_reached"]
            # Marked as required, as they are; on a follow-up they are unless the person was not reached.
            self.fields["occupation"].required = self.fields["supports"].required = True
        self.initial["form_token"] = uuid.uuid4()
        if outcome is not None:
            self.initial.update(
                recorded_on=outcome.recorded_on,
                not_reached=outcome.not_reached,
                occupation=outcome.occupation,
                supports=[s.support for s in outcome.supports.all()],
                version=outcome.version,
            )
        else:
            self.initial["recorded_on"] = default_day(participant, moment)

    def clean(self):
        cleaned = super().clean()
        errors = outcomes.outcome_errors(
            self.participant,
            self.moment,
            recorded_on=cleaned.get("recorded_on"),
            occupation=cleaned.get("occupation", ""),
            supports=cleaned.get("supports", []),
            not_reached=cleaned.get("not_reached", False),
        )
        for field, message in errors.items():
            if field not in self.errors:  # a field's own error (a malformed date) already says it
                self.add_error(None if field == "__all__" else field, message)
        return cleaned


def default_day(participant, moment: outcomes.Moment):
    """The day the form suggests: the registration's or closing's own, a follow-up's due day once it has come."""
    today = timezone.localdate()
    if moment.moment == OutcomeMoment.REGISTRATION:
        return participant.registered_on
    if moment.is_closing:
        return participant.closed_on or today
    due = outcomes.follow_up_due_on(participant, moment)
    return due if due and due <= today else today


class ClosingOutcomeFields(forms.Form):
    """The state at closing, asked by the closing form (participants.forms.CloseForm) and recorded by
    close_participant in the same transaction."""

    occupation = occupation_field(_("Sysselsättning vid avslut"), required=True)
    supports = supports_field(_("Försörjning vid avslut"), required=True)
    field_order = ["reason", "note", "closed_on", "occupation", "supports"]

    def clean_supports(self):
        supports = self.cleaned_data["supports"]
        errors = outcomes.value_errors(outcomes.CLOSING, occupation="-", supports=supports, not_reached=False)
        if "supports" in errors:
            raise forms.ValidationError(errors["supports"])
        return supports


class CloseWithOutcomeForm(ClosingOutcomeFields, CloseForm):
    """The closing form: the reason and date, and the state at closing."""
