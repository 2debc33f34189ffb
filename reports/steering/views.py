"""The steering group's meeting pages: request → service → response.

The project's staff (caseworkers and the project leader) read the meetings and add points; the project leader
writes the agenda, publishes it and records the decisions; the steering group reads the published agendas (on its
reports page) and downloads them. Everyone else gets 403. Nothing here is about a participant."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from insikt.decorators import role_required
from insikt.forms import rebound_to_saved
from insikt.locking import AlreadySaved, ConcurrentEditError
from insikt.models import Role
from meetings.forms import add_service_error
from reports.models import AgendaDocument, AgendaPoint, SteeringDecision, SteeringMeeting
from reports.steering import queries, services
from reports.steering.forms import AgendaForm, DecisionForm, MeetingForm, PointForm
from reports.steering.pdf import agenda_html

STAFF = (Role.CASEWORKER, Role.PROJECT_LEADER)
LEADER = (Role.PROJECT_LEADER,)


def meeting_of(pk) -> SteeringMeeting:
    return get_object_or_404(SteeringMeeting.objects.select_related("period"), pk=pk)


def saved_or_conflict(request, form, save, *, rebind, done: str, already: str):
    """Run the service for a valid form. Returns (saved, conflict, form): the form to show again unless saved.

    `rebind` gives the form re-bound to the record saved meanwhile, keeping what was typed (an edit conflict)."""
    try:
        save()
    except ValidationError as error:
        add_service_error(form, error)
        return False, False, form
    except AlreadySaved:
        messages.info(request, already)
    except ConcurrentEditError:
        return False, True, rebind()
    else:
        messages.success(request, done)
    return True, False, form


@role_required(*STAFF)
def meeting_list(request):
    return render(request, "reports/steering/meeting_list.html", {"meetings": queries.meetings_with_agendas()})


@role_required(*LEADER)
def meeting_create(request):
    return meeting_form(request, SteeringMeeting())


@role_required(*LEADER)
def meeting_edit(request, pk):
    return meeting_form(request, meeting_of(pk))


def meeting_form(request, meeting: SteeringMeeting):
    creating = meeting._state.adding
    form = MeetingForm(request.POST or None, instance=meeting)
    conflict = False
    if request.method == "POST" and form.is_valid():
        saved = {}

        def save():
            saved["meeting"], _saved = services.save_meeting(
                meeting=form.save(commit=False), expected_version=form.cleaned_data["version"], by=request.user,
                token=form.cleaned_data["form_token"])  # fmt: skip

        done, conflict, form = saved_or_conflict(
            request, form, save, done=_("Styrgruppsmötet är sparat."), already=_("Styrgruppsmötet var redan sparat."),
            rebind=lambda: rebound_to_saved(MeetingForm, request, meeting_of(meeting.pk)))  # fmt: skip
        if done:
            return redirect("reports:steering_meeting", pk=saved.get("meeting", meeting).pk)
    return render(request, "reports/steering/meeting_form.html",
                  {"form": form, "meeting": meeting, "creating": creating, "conflict": conflict})  # fmt: skip


@role_required(*STAFF)
def meeting_detail(request, pk):
    """The meeting's page: the staff's points by heading with the form to add one, the agenda, the decisions."""
    meeting = meeting_of(pk)
    published = services.is_published(meeting)
    form = PointForm(request.POST or None) if not published else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            _point, added = services.add_point(meeting=meeting, heading=form.cleaned_data["heading"],
                                               text=form.cleaned_data["text"], by=request.user,
                                               token=form.cleaned_data["form_token"])  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Punkten är tillagd.") if added else _("Punkten var redan tillagd."))
            return redirect("reports:steering_meeting", pk=meeting.pk)
    points = queries.points_by_heading(meeting)
    context = {
        "meeting": meeting,
        "points": points,
        "has_points": any(under for _heading, under in points),
        "form": form,
        "published": published,
        "agendas": meeting.agendas.defer("pdf").select_related("generated_by"),
        "agenda": queries.agenda_texts(meeting, with_goal=True),
        "open_decisions": queries.open_decisions(meeting),
        "decisions": meeting.decisions.all(),
        "token": uuid.uuid4(),
    }
    return render(request, "reports/steering/meeting_detail.html", context)


@require_POST
@role_required(*STAFF)
def point_remove(request, pk):
    meeting = meeting_of(pk)
    # Only one's own point is there to remove; anyone else's answers 404.
    point = get_object_or_404(AgendaPoint, pk=request.POST.get("punkt") or 0, meeting=meeting, added_by=request.user)
    try:
        services.remove_point(point=point, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Punkten är borttagen."))
    return redirect("reports:steering_meeting", pk=meeting.pk)


@role_required(*LEADER)
def agenda_edit(request, pk):
    meeting = meeting_of(pk)
    form = AgendaForm(request.POST or None, meeting=meeting)
    conflict = False
    if request.method == "POST" and form.is_valid():

        def save():
            services.save_agenda(meeting=meeting, texts=form.texts(), expected_version=form.cleaned_data["version"],
                                 by=request.user, token=form.cleaned_data["form_token"])  # fmt: skip

        done, conflict, form = saved_or_conflict(
            request, form, save, done=_("Dagordningen är sparad."), already=_("Dagordningen var redan sparad."),
            rebind=lambda: rebound_to_saved(AgendaForm, request, meeting_of(pk), model_form=False,
                                            meeting=meeting_of(pk)))  # fmt: skip
        if done:
            return redirect("reports:steering_meeting", pk=meeting.pk)
    return render(request, "reports/steering/agenda_form.html",
                  {"form": form, "meeting": meeting, "conflict": conflict,
                   "open_decisions": queries.open_decisions(meeting),
                   "new_points": queries.points_since_written(meeting)})  # fmt: skip


@never_cache
@role_required(*LEADER)
def agenda_preview(request, pk):
    return HttpResponse(agenda_html(meeting_of(pk), for_pdf=False))


@require_POST
@role_required(*LEADER)
def agenda_publish(request, pk):
    meeting = meeting_of(pk)
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        token = None
    try:
        document, made = services.publish_agenda(meeting=meeting, by=request.user, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if made:
            messages.success(request, _("Dagordningen är publicerad som version %(n)s.") % {"n": document.number})
        else:
            messages.info(request, _("Dagordningen var redan publicerad."))
    return redirect("reports:steering_meeting", pk=meeting.pk)


@role_required(Role.STEERING_GROUP, *STAFF)
def agenda_download(request, pk):
    document = get_object_or_404(AgendaDocument.objects.select_related("meeting"), pk=pk)
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    name = f"dagordning-styrgrupp-{document.meeting.meets_on.isoformat()}-v{document.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*LEADER)
def decision_create(request, pk):
    return decision_form(request, SteeringDecision(meeting=meeting_of(pk)), closing=False)


@role_required(*LEADER)
def decision_edit(request, pk):
    return decision_form(request, get_object_or_404(SteeringDecision.objects.select_related("meeting"), pk=pk))


def decision_form(request, decision: SteeringDecision, *, closing: bool = True):
    meeting = decision.meeting
    form = DecisionForm(request.POST or None, instance=decision, closing=closing)
    conflict = False
    if request.method == "POST" and form.is_valid():

        def save():
            services.save_decision(decision=form.save(commit=False), expected_version=form.cleaned_data["version"],
                                   by=request.user, token=form.cleaned_data["form_token"])  # fmt: skip

        def rebind():
            saved = SteeringDecision.objects.select_related("meeting").get(pk=decision.pk)
            return rebound_to_saved(DecisionForm, request, saved, closing=closing)

        done, conflict, form = saved_or_conflict(request, form, save, rebind=rebind, done=_("Beslutet är sparat."),
                                                 already=_("Beslutet var redan sparat."))  # fmt: skip
        if done:
            return redirect("reports:steering_meeting", pk=meeting.pk)
    return render(request, "reports/steering/decision_form.html",
                  {"form": form, "meeting": meeting, "decision": decision, "closing": closing,
                   "conflict": conflict})  # fmt: skip
