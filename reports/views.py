from django.shortcuts import render

from insikt.decorators import role_required
from insikt.models import Role


@role_required(Role.STEERING_GROUP, Role.PROJECT_LEADER)
def index(request):
    """The steering group's whole view of the project: the list of stored reports."""
    return render(request, "reports/index.html", {"snapshots": []})
