from insikt.models import Role
from insikt.notifications import unread_count


def navigation(request):
    """What the navigation may show: only what the signed-in user's role may use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_casework": user.works_with_participants,
        "nav_reports": user.role in (Role.STEERING_GROUP, Role.PROJECT_LEADER, Role.EVALUATOR),
        # The evaluator's own menu: the analysis of findings and the export requests (reports.exports).
        "nav_evaluator": user.is_evaluator,
        # The analysis of findings in the menu of those with short menus; the project leader's is on Rapporter.
        "nav_insights": user.role in (Role.STEERING_GROUP, Role.EVALUATOR),
        "nav_admin": user.is_staff,
        # A callable: the count is read only where the header shows it.
        "unread_notifications": lambda: unread_count(user),
    }
