"""Answering a questionnaire at a multi-party meeting, reading the answers, and looking at versions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.locking import ConcurrentEditError
from insikt.models import AccessLog
from meetings.models import Meeting, MeetingKind
from participants.access import CHANGE, VIEW, visible_participants
from questionnaire import services
from questionnaire.answers import carry_over, display, field_name, form_initial
from questionnaire.diff import diff_versions
from questionnaire.forms import ControlForm, ResponseForm, initial_from_data
from questionnaire.meeting import not_held_error
from questionnaire.models import Questionnaire, QuestionnaireVersion, Response, VersionStatus


def get_multi_party_meeting_for_request(request, pk, *, detail: str) -> Meeting:
    """A multi-party meeting of a participant the user may see (change, to save answers), with the read in the
    access log; 404 otherwise."""
    perm = CHANGE if request.method == "POST" else VIEW
    meetings = Meeting.objects.filter(
        participant__in=visible_participants(request.user, perm), kind=MeetingKind.MULTI_PARTY
    )
    meeting = get_object_or_404(meetings.select_related("participant"), pk=pk)
    log_access(request, meeting.participant_id, AccessLog.Action.VIEW, f"{detail}, möte {meeting.pk}")
    return meeting


def published_version(questionnaire) -> QuestionnaireVersion | None:
    return (
        QuestionnaireVersion.objects.with_structure()
        .filter(questionnaire=questionnaire, status=VersionStatus.PUBLISHED)
        .first()
    )


@participant_view
def answer(request, meeting_pk, questionnaire_pk):
    meeting = get_multi_party_meeting_for_request(request, meeting_pk, detail=f"frågeformulär {questionnaire_pk}")
    questionnaire = get_object_or_404(Questionnaire, pk=questionnaire_pk)
    response = Response.objects.filter(meeting=meeting, questionnaire=questionnaire).first()
    if response is not None and response.is_completed:
        if request.method == "POST":
            messages.info(request, _("Formuläret var redan slutfört. Inget nytt svar har skapats."))
        return redirect("questionnaire:response", meeting.pk, questionnaire.pk)
    published = published_version(questionnaire)
    if request.method == "POST":
        return answer_post(request, meeting, questionnaire, response, published)

    context = {"meeting": meeting, "questionnaire": questionnaire, "response": response}
    if not_held_error(meeting):
        return render(request, "questionnaire/response_form.html", {**context, "not_held": True})
    if published is None:
        return render(request, "questionnaire/response_form.html", {**context, "nothing_published": True})
    initial, leftovers, moved_from = {}, [], None
    if response is not None:
        saved = services.stored_answers(response)
        if response.version_id == published.pk:
            initial = {field_name(q): form_initial(q, value) for q, value in saved.items()}
        else:
            moved_from = QuestionnaireVersion.objects.with_structure().get(pk=response.version_id)
            initial, leftovers = carry_over(with_structure_questions(saved, moved_from), published)
    return render_form(
        request,
        context,
        ResponseForm(published, initial=initial),
        revision=response.revision if response else 0,
        leftovers=leftovers,
        moved_from=moved_from,
    )


def with_structure_questions(values: dict, version) -> dict:
    """The same values keyed by the version's prefetched questions (which carry their choices)."""
    questions = {q.pk: q for section in version.sections.all() for q in section.questions.all()}
    return {questions[q.pk]: value for q, value in values.items() if q.pk in questions}


def render_form(request, context, form, *, revision, status=200, **extra):
    control = ControlForm(initial={"version": form.version.pk, "revision": revision})
    return render(
        request,
        "questionnaire/response_form.html",
        {**context, "form": form, "control": control, "version": form.version, **extra},
        status=status,
    )


def answer_post(request, meeting, questionnaire, response, published):
    if message := not_held_error(meeting):
        messages.error(request, message)
        return redirect("questionnaire:answer", meeting.pk, questionnaire.pk)
    control = ControlForm(request.POST)
    if not control.is_valid():
        return HttpResponseBadRequest(_("Formuläret saknar uppgift om version. Ladda om sidan."))
    context = {"meeting": meeting, "questionnaire": questionnaire, "response": response}
    if published is None or control.cleaned_data["version"] != published.pk:
        return stale_version(request, context, published, control.cleaned_data["version"])

    complete = control.cleaned_data["action"] == "complete"
    form = ResponseForm(published, request.POST, complete=complete)
    answers = form.valid_answers()
    try:
        response = services.save_response(
            meeting=meeting,
            version=published,
            answers=answers,
            complete=complete and form.is_valid(),
            expected_revision=control.cleaned_data["revision"],
            by=request.user,
        )
    except services.VersionNotPublished:
        return stale_version(request, context, None, published.pk)
    except services.AlreadyCompleted:
        messages.info(request, _("Formuläret var redan slutfört. Inget nytt svar har skapats."))
        return redirect("questionnaire:response", meeting.pk, questionnaire.pk)
    except ConcurrentEditError as conflict:
        typed = ResponseForm(published, initial=initial_from_data(form, request.POST))
        return render_form(
            request,
            {**context, "response": conflict.saved},
            typed,
            revision=conflict.saved.revision,
            status=409,
            conflict=[q.text for q in conflict.differing],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render_form(request, context, form, revision=control.cleaned_data["revision"], status=400)

    action = "slutfört" if response.is_completed else "utkast sparat"
    log_access(request, meeting.participant_id, AccessLog.Action.CHANGE, f"frågeformulär {questionnaire.pk} {action}")
    return after_saving(request, {**context, "response": response}, form, complete)


def after_saving(request, context, form, complete: bool):
    """Where a save leads: to the answers once completed, back to the form with what still needs answering,
    or back to the draft."""
    meeting, questionnaire, response = context["meeting"], context["questionnaire"], context["response"]
    if response.is_completed:
        messages.success(request, _("Formuläret är slutfört och sparat."))
        return redirect("questionnaire:response", meeting.pk, questionnaire.pk)
    if form.errors:
        count = len(form.errors)
        if complete:
            note = ngettext(
                "Formuläret är inte slutfört: %(count)d svar behöver rättas eller fyllas i.",
                "Formuläret är inte slutfört: %(count)d svar behöver rättas eller fyllas i.",
                count,
            )
        else:
            note = ngettext(
                "Utkastet är sparat, utom %(count)d svar som behöver rättas.",
                "Utkastet är sparat, utom %(count)d svar som behöver rättas.",
                count,
            )
        return render_form(request, context, form, revision=response.revision, partial=note % {"count": count})
    messages.success(request, _("Utkastet är sparat. Du kan fortsätta fylla i senare."))
    return redirect("questionnaire:answer", meeting.pk, questionnaire.pk)


def stale_version(request, context, published, posted_version_id):
    """The page was made for a version that has been archived since: say so, and keep everything typed."""
    questionnaire, response = context["questionnaire"], context["response"]
    old = (
        QuestionnaireVersion.objects.with_structure().filter(questionnaire=questionnaire, pk=posted_version_id).first()
    )
    typed_form = ResponseForm(old, request.POST) if old is not None else None
    typed = {}
    if typed_form is not None:
        raw = initial_from_data(typed_form, request.POST)
        typed_form.is_valid()
        typed = {q: typed_form.cleaned_data.get(name, raw.get(name)) for name, q in typed_form.questions.items()}
    revision = response.revision if response else 0
    if published is None:
        # Nothing to answer any more: show what was typed so it can be copied, without save buttons.
        extra = {"stale": old, "nothing_published": True}
        if old is None:
            return render(request, "questionnaire/response_form.html", {**context, **extra}, status=409)
        form = ResponseForm(old, initial=initial_from_data(ResponseForm(old), request.POST))
        return render_form(request, context, form, revision=revision, status=409, **extra)
    initial, leftovers = carry_over(typed, published) if typed else ({}, [])
    form = ResponseForm(published, initial=initial)
    return render_form(request, context, form, revision=revision, status=409, stale=old, leftovers=leftovers)


@participant_view
def response_detail(request, meeting_pk, questionnaire_pk):
    """A response read-only: also when its version has been archived since."""
    meeting = get_multi_party_meeting_for_request(request, meeting_pk, detail=f"frågeformulärssvar {questionnaire_pk}")
    responses = Response.objects.filter(participant__in=visible_participants(request.user)).select_related(
        "questionnaire", "created_by", "updated_by", "completed_by"
    )
    response = get_object_or_404(responses, meeting=meeting, questionnaire_id=questionnaire_pk)
    version = QuestionnaireVersion.objects.with_structure().get(pk=response.version_id)
    saved = {q.pk: value for q, value in services.stored_answers(response).items()}
    sections, number = [], 0
    for section in version.sections.all():
        rows = []
        for question in section.questions.all():
            number += 1
            labels = {c.value: c.label for c in question.choices.all()}
            rows.append((number, question, display(question, saved.get(question.pk), labels)))
        sections.append((section, rows))
    return render(
        request,
        "questionnaire/response_detail.html",
        {"meeting": meeting, "response": response, "version": version, "sections": sections},
    )


@participant_view
def questionnaire_list(request):
    versions = QuestionnaireVersion.objects.annotate(question_count=Count("questions")).order_by("-number")
    questionnaires = Questionnaire.objects.prefetch_related(Prefetch("versions", queryset=versions)).order_by("name")
    return render(request, "questionnaire/questionnaire_list.html", {"questionnaires": questionnaires})


@participant_view
def version_detail(request, pk):
    version = get_object_or_404(QuestionnaireVersion.objects.with_structure(), pk=pk)
    versions = list(version.questionnaire.versions.all())
    previous = next((v for v in versions if v.number < version.number), None)
    return render(request, "questionnaire/version_detail.html", {"version": version, "previous": previous})


@participant_view
def version_diff(request, pk):
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    versions = list(questionnaire.versions.order_by("-number"))
    if len(versions) < 2:
        return render(
            request, "questionnaire/version_diff.html", {"questionnaire": questionnaire, "versions": versions}
        )
    by_id = {str(v.pk): v for v in versions}
    new = by_id.get(request.GET.get("till"), versions[0])
    old = by_id.get(request.GET.get("fran")) or next((v for v in versions if v.number < new.number), versions[-1])
    structured = {v.pk: v for v in QuestionnaireVersion.objects.with_structure().filter(pk__in=[old.pk, new.pk])}
    diff = diff_versions(structured[old.pk], structured[new.pk]) if old.pk != new.pk else None
    return render(
        request,
        "questionnaire/version_diff.html",
        {"questionnaire": questionnaire, "versions": versions, "old": old, "new": new, "diff": diff},
    )
