from datetime import date

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache

from insikt.decorators import role_required
from insikt.models import Role
from reports.logreview import create_review, sign_off
from reports.models import LogReview, LogReviewEntry


class NewReviewForm(forms.Form):
    month = forms.CharField(
        label=_lazy("Månad"), widget=forms.TextInput(attrs={"type": "month"}), help_text=_lazy("ÅÅÅÅ-MM")
    )

    def clean_month(self):
        try:
            year, month = (int(part) for part in self.cleaned_data["month"].split("-"))
            chosen = date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Ange månaden som ÅÅÅÅ-MM.")) from None
        if chosen > timezone.localdate():
            raise forms.ValidationError(_("Månaden har inte börjat ännu."))
        return chosen


class SignOffForm(forms.Form):
    comment = forms.CharField(
        label=_lazy("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_lazy("Vad du kontrollerade och vad du gjorde åt avvikelser."),
    )


@never_cache
@role_required(Role.PROJECT_LEADER)
def review_list(request):
    form = NewReviewForm(request.POST or None, initial={"month": timezone.localdate().strftime("%Y-%m")})
    if request.method == "POST" and form.is_valid():
        review = create_review(month=form.cleaned_data["month"], by=request.user)
        messages.success(request, _("Ett urval för %(review)s är framtaget.") % {"review": review})
        return redirect("reports:log_review", pk=review.pk)
    reviews = LogReview.objects.select_related("signed_off_by").annotate(n=Count("entries"))
    return render(request, "reports/logreview_list.html", {"form": form, "reviews": reviews})


@never_cache
@role_required(Role.PROJECT_LEADER)
def review_detail(request, pk):
    review = get_object_or_404(LogReview.objects.select_related("signed_off_by"), pk=pk)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and review.signed_off_at is None and form.is_valid():
        if sign_off(review=review, comment=form.cleaned_data["comment"], by=request.user):
            messages.success(request, _("Logguppföljningen är signerad."))
        else:
            messages.info(request, _("Logguppföljningen var redan signerad."))
        return redirect("reports:log_review", pk=review.pk)
    entries = review.entries.select_related("entry__user", "entry__organisation")
    reads = entries.filter(entry__isnull=False).order_by("rule", "entry__at")
    accounts = entries.filter(account_change__isnull=False).select_related(
        "account_change__account", "account_change__organisation", "account_change__changed_by"
    )
    return render(
        request,
        "reports/logreview_detail.html",
        {
            "review": review,
            "entries": reads,
            "account_changes": accounts.order_by("account_change__at"),
            "account_rule_label": LogReviewEntry.Rule.ACCOUNT_CHANGE.label,
            "form": form,
        },
    )
