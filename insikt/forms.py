"""Forms and widgets every app shares: signing in, date fields, and re-binding a form after an edit conflict."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Django's sign-in form with Swedish labels and one message that never says which part was wrong."""

    error_messages = {
        "invalid_login": _("Fel användarnamn eller lösenord. Försök igen."),
        "inactive": _("Fel användarnamn eller lösenord. Försök igen."),
        "maintenance_account": _("Driftkonton används bara från kommandoraden, inte i webbläsaren."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Användarnamn")
        self.fields["password"].label = _("Lösenord")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_superuser:
            raise ValidationError(self.error_messages["maintenance_account"], code="maintenance_account")


def rebound_to_saved(form_class, request, saved, *, model_form: bool = True, **kwargs):
    """After an edit conflict: everything the user typed, bound to the record saved meanwhile.

    The form carries the saved version, so a deliberate second save goes through (optimistic locking).
    A plain form (model_form=False) gets only the saved version, not the record as its instance.
    """
    data = request.POST.copy()
    data["version"] = saved.version
    form = form_class(data, instance=saved, **kwargs) if model_form else form_class(data, **kwargs)
    form.is_valid()
    return form


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO date it expects."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
