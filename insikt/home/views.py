"""The start page of each role: the one page that reads from every app, so it lives in the composition root."""

from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from insikt.decorators import participant_view
from insikt.home.overview import overview
from insikt.home.todo import todo, todo_head
from insikt.models import Role
from meetings.access import my_meetings, this_week
from meetings.models import MeetingStatus
from meetings.recommendations import access as recommendation_access
from participants.access import visible_participants
from participants.models import Status
from reports.exports.access import visible_requests

TODO_ON_START = 6


@never_cache  # it lists names: no browser or proxy keeps a copy
def start(request):
    """Each role's own start page: the steering group goes to its reports, account administrators to the
    admin, staff to their work."""
    user = request.user
    if user.role == Role.STEERING_GROUP:
        return redirect("reports:index")
    if user.role == Role.ACCOUNT_ADMIN:
        return redirect("admin:index")
    if user.is_evaluator:
        return evaluator_start(request)
    if user.is_project_leader:
        return redirect("overview")
    if not user.works_with_participants:
        return render(request, "home/no_role.html")
    mine = visible_participants(user).filter(responsible__user=user)
    counts = dict(mine.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_status = [(value, label, counts[value]) for value, label in Status.choices if counts.get(value)]
    latest = mine.order_by("-updated_at")[:8]
    to_do, todo_count = todo_head(user, TODO_ON_START)
    next_meetings = (
        my_meetings(user)
        .filter(status=MeetingStatus.BOOKED, ends_at__gte=timezone.now())
        .select_related("participant")
        .order_by("starts_at")[:6]
    )
    return render(
        request,
        "home/start.html",
        {
            "meetings_this_week": this_week(my_meetings(user)).count(),
            "follow_up_count": recommendation_access.mine(recommendation_access.follow_up_due(user), user).count(),
            "show_admin_link": user.is_project_leader,
            "by_status": by_status,
            "latest": latest,
            "next_meetings": next_meetings,
            "todo": to_do,
            "todo_count": todo_count,
        },
    )


def evaluator_start(request):
    """The evaluator sees no person: the analysis, the reports and their own export requests."""
    return render(request, "home/evaluator.html", {"requests": visible_requests(request.user)[:5]})


@participant_view
def todo_list(request):
    """Att göra: everything the data says the user should do next, the longest overdue first."""
    return render(request, "home/todo.html", {"todo": todo(request.user)})


@participant_view
def overview_page(request):
    """Översikt: where the project's (or, for other staff, their organisation's) work stands."""
    to_do, todo_count = todo_head(request.user, TODO_ON_START)
    context = overview(request.user) | {"todo": to_do, "todo_count": todo_count}
    return render(request, "home/overview.html", context)
