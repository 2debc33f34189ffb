"""Genomlysning: each organisation writes its own review; everyone who sees the participant reads them all."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from insikt.access import log_access
from insikt.locking import AlreadySaved, ConcurrentEditError
from insikt.models import AccessLog
from meetings import services
from meetings.forms import HistoryReviewForm, add_service_error, formset_rows, review_formsets
from meetings.models import HistoryReview
from participants.access import CHANGE, get_participant_for_request
from participants.views import participant_view


def reviews_of(participant):
    return participant.history_reviews.select_related("organisation", "created_by", "updated_by").prefetch_related(
        "programmes__programme_type", "benefits", "events"
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
    form = HistoryReviewForm(data, instance=review)
    formsets = review_formsets(data, review)
    conflict = False
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets.values()):
        review = form.save(commit=False)
        review.completed_on = (review.completed_on or timezone.localdate()) if form.cleaned_data["completed"] else None
        try:
            review, created = services.save_review(
                review=review,
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
            if not creating:
                # Keep what was typed, bound to the version saved meanwhile, so that a second save overwrites.
                saved = HistoryReview.objects.get(pk=review.pk)
                posted = request.POST.copy()
                posted["version"] = saved.version
                form = HistoryReviewForm(posted, instance=saved)
                formsets = review_formsets(posted, saved)
                form.is_valid()
                for formset in formsets.values():
                    formset.is_valid()
        else:
            if created or not creating:
                log_access(request, participant.pk, AccessLog.Action.CHANGE, f"genomlysning {review.pk}")
                messages.success(request, _("Genomlysningen är sparad."))
            else:
                messages.info(request, _("Genomlysningen var redan sparad. Den har inte sparats en gång till."))
            return redirect("meetings:reviews", pk=participant.pk)
    return render(
        request,
        "meetings/review_form.html",
        {
            "participant": participant,
            "review": review,
            "form": form,
            "conflict": conflict,
            "creating": creating,
            "title": title,
            **formsets,
        },
    )
