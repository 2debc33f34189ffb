"""Genomlysning: each organisation writes its own review; everyone who sees the participant reads them all."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from insikt.access import log_access
from insikt.decorators import participant_view
from insikt.forms import rebound_to_saved
from insikt.locking import AlreadySaved, ConcurrentEditError
from insikt.models import AccessLog
from meetings import services
from meetings.forms import HistoryReviewForm, add_service_error, formset_rows, review_formsets
from meetings.models import HistoryReview
from participants.access import CHANGE, get_participant_for_request


def reviews_of(participant):
    return participant.history_reviews.select_related("organisation", "created_by", "updated_by").prefetch_related(
        "programmes__programme_type", "benefits", "events", "findings__finding_type", "findings__organisation"
    )


@participant_view
def review_list(request, pk):
    participant = get_participant_for_request(request, pk, detail="genomlysning")
    reviews = list(reviews_of(participant))
    return render(
        request,
        "meetings/review_list.html",
        {
            "participant": participant,
            "reviews": reviews,
            "own_review": next((r for r in reviews if r.organisation_id == request.user.organisation_id), None),
            "missing": services.reviews_missing(participant),
            "may_record_finding": not participant.writable_error(),
        },
    )


@participant_view
def review_create(request, pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail="ny genomlysning (formulär)")
    existing = HistoryReview.objects.filter(participant=participant, organisation=request.user.organisation).first()
    if existing and request.method != "POST":
        return redirect("meetings:review_edit", pk=participant.pk, review_pk=existing.pk)
    review = HistoryReview(participant=participant, organisation=request.user.organisation)
    return review_form(request, participant, review, title=_("Ny genomlysning"))


@participant_view
def review_edit(request, pk, review_pk):
    participant = get_participant_for_request(request, pk, CHANGE, detail=f"genomlysning {review_pk} (ändra)")
    # Only the organisation that wrote a review changes it; to anyone else it is not there to edit.
    review = get_object_or_404(
        HistoryReview.objects.select_related("organisation"),
        pk=review_pk,
        participant=participant,
        organisation=request.user.organisation,
    )
    return review_form(request, participant, review, title=_("Ändra genomlysning"))


def review_form(request, participant, review, *, title):
    creating = review._state.adding
    data = request.POST if request.method == "POST" else None
    form, formsets = HistoryReviewForm(data, instance=review), review_formsets(data, review)
    conflict = False
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        try:
            saved, created = services.save_review(
                review=form.save(commit=False),
                completed=form.cleaned_data["completed"],
                programmes=formset_rows(formsets["programmes"]),
                benefits=formset_rows(formsets["benefits"]),
                events=formset_rows(formsets["events"]),
                expected_version=form.cleaned_data["version"],
                by=request.user,
                token=form.cleaned_data["form_token"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        except AlreadySaved:
            messages.info(request, _("Genomlysningen var redan sparad."))
            return redirect("meetings:reviews", pk=participant.pk)
        except ConcurrentEditError:
            conflict = True
            if not creating:  # keep what was typed, bound to the version saved meanwhile
                form, formsets = rebound_review(request, review.pk)
        else:
            if created or not creating:
                log_access(request, participant.pk, AccessLog.Action.CHANGE, f"genomlysning {saved.pk}")
                messages.success(request, _("Genomlysningen är sparad."))
            else:
                messages.info(request, _("Genomlysningen var redan sparad. Den har inte sparats en gång till."))
            return redirect("meetings:reviews", pk=participant.pk)
    context = {"participant": participant, "review": review, "form": form, "conflict": conflict,
               "creating": creating, "title": title, **formsets}  # fmt: skip
    return render(request, "meetings/review_form.html", context)


def rebound_review(request, pk):
    """After an edit conflict: everything typed, its rows included, bound to the review saved meanwhile."""
    saved = HistoryReview.objects.get(pk=pk)
    form = rebound_to_saved(HistoryReviewForm, request, saved)
    formsets = review_formsets(form.data, saved)
    for formset in formsets.values():
        formset.is_valid()
    return form, formsets
