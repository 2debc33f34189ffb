"""Writes of the analysis: a checked quote (its own text, never the finding's) and an area's summary."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from insikt.locking import AlreadySaved, ConcurrentEditError, claim_version
from meetings.models import Finding
from reports.models import AreaSummary, Quote, QuoteKind, ReportingPeriod


def save_quote(*, finding: Finding, kind: str, text: str, expected_version: int | None, by) -> Quote:
    """Create the finding's quote of this kind, or change it from the version the form was opened on.

    A second "create" for the same finding and kind (a double click, or two tabs) finds the one saved: the same
    text is a repeated submit (AlreadySaved), another text someone else's change (ConcurrentEditError)."""
    if kind == QuoteKind.SUGGESTION and not finding.suggested_change.strip() and not finding.anonymised:
        raise ValidationError(_("Iakttagelsen har inget förslag till ändring att markera."))  # an anonymised one had
    text = text.strip()
    with transaction.atomic():
        quote = Quote.objects.select_for_update().filter(finding=finding, kind=kind).first()
        if quote is None:
            if expected_version:  # the form was opened on a quote that has been removed since
                raise ConcurrentEditError
            if finding.anonymised:
                raise ValidationError(_("Iakttagelsen är anonymiserad: texten är borttagen och kan inte citeras."))
            try:
                with transaction.atomic():
                    return Quote.objects.create(finding=finding, kind=kind, text=text, checked_by=by)
            except IntegrityError:
                quote = Quote.objects.get(finding=finding, kind=kind)
        if not expected_version:
            raise AlreadySaved if quote.text == text else ConcurrentEditError(saved=quote)
        claim_version(quote, expected_version)
        quote.text, quote.checked_by = text, by
        quote.save(update_fields=["text", "checked_by", "checked_at"])
        return quote


def remove_quote(*, quote: Quote, expected_version: int, by) -> None:
    """Take the quote out of the report; refused if someone changed it after the page was opened."""
    with transaction.atomic():
        if not Quote.objects.filter(pk=quote.pk, version=expected_version).delete()[0]:
            if Quote.objects.filter(pk=quote.pk).exists():
                raise ConcurrentEditError
            raise AlreadySaved


def save_summary(*, period: ReportingPeriod, area: str, text: str, expected_version: int | None, by) -> AreaSummary:
    """Write the area's summary for the period's report, from the version the form was opened on."""
    with transaction.atomic():
        summary = AreaSummary.objects.select_for_update().filter(period=period, area=area).first()
        if summary is None:
            if expected_version:
                raise ConcurrentEditError
            try:
                with transaction.atomic():
                    return AreaSummary.objects.create(period=period, area=area, text=text.strip(), updated_by=by)
            except IntegrityError:
                summary = AreaSummary.objects.get(period=period, area=area)
                raise ConcurrentEditError(saved=summary) from None
        if not expected_version:
            raise ConcurrentEditError(saved=summary)
        claim_version(summary, expected_version)
        summary.text, summary.updated_by = text.strip(), by
        summary.save(update_fields=["text", "updated_by", "updated_at"])
        return summary
