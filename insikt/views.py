from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from insikt import accounts
from insikt.models import AccountChange, Role


@never_cache  # it lists names: no browser or proxy keeps a copy
def start(request):
    """Each role's own start page: the steering group goes to its reports, account administrators to the
    admin, staff to their work.

    The one place in the core that reads from the apps (see ARCHITECTURE.md), hence the local import.
    """
    user = request.user
    if user.role == Role.STEERING_GROUP:
        return redirect("reports:index")
    if user.role == Role.ACCOUNT_ADMIN:
        return redirect("admin:index")
    if not user.works_with_participants:
        return render(request, "insikt/no_role.html")
    from meetings.access import my_meetings, this_week
    from meetings.models import MeetingStatus
    from meetings.recommendations import access as recommendation_access
    from participants.access import visible_participants
    from participants.models import Status

    mine = visible_participants(user).filter(responsible__user=user)
    counts = dict(mine.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_status = [(value, label, counts[value]) for value, label in Status.choices if counts.get(value)]
    latest = mine.order_by("-updated_at")[:8]
    next_meetings = (
        my_meetings(user)
        .filter(status=MeetingStatus.BOOKED, ends_at__gte=timezone.now())
        .select_related("participant")
        .order_by("starts_at")[:6]
    )
    return render(
        request,
        "insikt/start.html",
        {
            "meetings_this_week": this_week(my_meetings(user)).count(),
            "follow_up_count": recommendation_access.mine(recommendation_access.follow_up_due(user), user).count(),
            "show_admin_link": user.is_project_leader,
            "by_status": by_status,
            "latest": latest,
            "next_meetings": next_meetings,
        },
    )


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
        accounts.record(form.user, AccountChange.Kind.PASSWORD_SET, by=None)
        return response


choose_password = ChoosePasswordView.as_view()
password_chosen = auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_set_done.html")
