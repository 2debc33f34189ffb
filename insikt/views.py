from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render

from insikt.models import Role


def start(request):
    """Each role's own start page: the steering group goes to its reports, staff to their work."""
    user = request.user
    if user.role == Role.STEERING_GROUP:
        return redirect("reports:index")
    if not user.works_with_participants:
        return render(request, "insikt/no_role.html")
    return render(request, "insikt/start.html", {"show_admin_link": user.is_project_leader})


@login_not_required
def admin_login(request):
    if request.user.is_authenticated:
        # Signed in but not staff: the admin is not for this role.
        return redirect("start")
    return redirect_to_login(request.GET.get("next", "/admin/"))
