"""The ground's own pages: signing in to the admin, choosing a password, notifications. The start page is
insikt.home."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from insikt import notifications as notifications_service
from insikt.models import AccountChange


@login_not_required
def admin_login(request):
    if request.user.is_authenticated:
        # Signed in but not staff: the admin is not for this role.
        return redirect("start")
    return redirect_to_login(request.GET.get("next", "/admin/"))


class ChoosePasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Välj ett lösenord")
        self.fields["new_password2"].label = _("Skriv lösenordet igen")


class ChoosePasswordView(auth_views.PasswordResetConfirmView):
    """The account holder chooses their own password through the one-time link their administrator gave them."""

    form_class = ChoosePasswordForm
    template_name = "registration/password_set_form.html"
    success_url = reverse_lazy("password_set_done")
    reset_url_token = "valj"  # noqa: S105 - the URL segment that replaces the token, not a secret

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active and not user.is_superuser else None

    def form_valid(self, form):
        response = super().form_valid(form)
        AccountChange.record(form.user, AccountChange.Kind.PASSWORD_SET, by=None)
        return response


choose_password = ChoosePasswordView.as_view()
password_chosen = auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_set_done.html")


@never_cache
def notifications(request):
    """The user's notifications, newest first; opening the page marks them read. The user also turns
    e-mail on or off here (only possible with an address, which their account administrator sets)."""
    if request.method == "POST":
        wanted = request.POST.get("email_notifications") == "1"
        on = notifications_service.set_email_notifications(user=request.user, wanted=wanted)
        messages.success(request, _("E-post vid nya aviseringar är påslagen.") if on
                         else _("E-post vid nya aviseringar är avstängd."))  # fmt: skip
        return redirect("notifications")
    shown = notifications_service.open_notifications(request.user)
    return render(request, "notifications.html", {"notifications": shown})
