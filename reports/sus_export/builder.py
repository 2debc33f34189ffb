"""The SUS export's rows: one per participant who started (registered_on) or left in the period.

A participant leaves when closed (closed_on), or on the day the status became "avböjt" or "avbrutet": SUS registers
them out too, with their own reason for leaving.

Read from the tables, not through the access queryset: reporting to SUS is the project's duty for all its
participants, and only the project leader takes the export (docs/architecture.md). Three queries, whatever the
number of rows: the participants, their registration and closing outcomes, and those outcomes' supports.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.db.models import Case, DateField, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from participants import personnummer
from participants.models import Consent, Outcome, OutcomeMoment, Participant, Status, StatusChange
from reports import sus

FIELDS = ["pk", "personnummer", "protected_identity", "anonymised_at", "registered_on", "left_on", "status",
          "closing_reason", "gender", "birth_year", "education_level", "sus_consent"]  # fmt: skip
LEFT_EARLY = [Status.DECLINED, Status.ABORTED]


@dataclass
class SusExport:
    starts_on: date
    ends_on: date
    rows: list[list] = field(default_factory=list)
    identified: list[UUID] = field(default_factory=list)  # whose personnummer is in the rows: each one is logged
    anonymous_reasons: Counter = field(default_factory=Counter)

    @property
    def anonymous(self) -> int:
        return len(self.rows) - len(self.identified)

    @property
    def anonymous_by_reason(self) -> list[tuple[str, int]]:
        return self.anonymous_reasons.most_common()


def participants_in(starts_on: date, ends_on: date):
    """Started or left in the period. closed_on is set exactly while the status is "avslutad"."""
    agrees = Consent.objects.active().filter(participant=OuterRef("pk"), sus_consent=True)
    status_since = StatusChange.objects.filter(participant=OuterRef("pk"), to_status=OuterRef("status"))
    left_early = TruncDate(Subquery(status_since.order_by("-changed_at").values("changed_at")[:1]))
    left_on = Case(When(status=Status.CLOSED, then=F("closed_on")), When(status__in=LEFT_EARLY, then=left_early),
                   output_field=DateField())  # fmt: skip
    return Participant.objects.annotate(left_on=left_on, sus_consent=Exists(agrees)).filter(
        Q(registered_on__range=(starts_on, ends_on)) | Q(left_on__range=(starts_on, ends_on))
    )


def anonymous_because(row: dict) -> str:
    """Why a row is anonymous, for the page's counts (the file never says why)."""
    if row["anonymised_at"]:
        return _("anonymiserade i Insikt")
    if row["protected_identity"]:
        return _("skyddade personuppgifter")
    if not row["personnummer"]:
        return _("saknar personnummer och samordningsnummer")
    return _("inget ja till SUS i ett gällande samtycke")


def is_identified(row: dict) -> bool:
    """SUS may have the number only with a yes to SUS in the active consent, and never for a protected identity."""
    return bool(
        row["sus_consent"] and row["personnummer"] and not row["protected_identity"] and not row["anonymised_at"]
    )


def outcomes_of(participants) -> dict:
    """(participant id, moment) → (occupation, supports) at registration and at closing."""
    outcomes = Outcome.objects.filter(
        participant__in=participants.values("pk"), moment__in=[OutcomeMoment.REGISTRATION, OutcomeMoment.CLOSING]
    ).prefetch_related("supports")
    return {(o.participant_id, o.moment): (o.occupation, [s.support for s in o.supports.all()]) for o in outcomes}


def cells(row: dict, before, after, ends_on: date) -> list:
    identified = is_identified(row)
    personal = identified or sus.ANONYMOUS_KEEPS_GENDER_AND_BIRTH_YEAR
    # As at the period's end: leaving after it belongs to a later export.
    left = row["left_on"] if row["left_on"] and row["left_on"] <= ends_on else None
    after = after if left else None
    if row["status"] == Status.CLOSED:
        reason = sus.label(sus.REASON_FOR_LEAVING, row["closing_reason"])
    else:
        reason = sus.label(sus.REASON_FOR_LEAVING_EARLY, row["status"]) if row["status"] in LEFT_EARLY else ""
    return [
        personnummer.formatted(row["personnummer"]) if identified else "",
        "Nej" if identified else "Ja",
        row["registered_on"].isoformat(),
        left.isoformat() if left else "",
        sus.label(sus.GENDER, row["gender"]) if personal else "",
        (row["birth_year"] or "") if personal else "",
        sus.label(sus.EDUCATION, row["education_level"]),
        sus.supports(before[1]) if before else "",
        sus.supports(after[1]) if after else "",
        sus.label(sus.OCCUPATION, before[0]) if before else "",
        sus.label(sus.OCCUPATION, after[0]) if after else "",
        reason if left else "",
    ]


def build_sus_export(starts_on: date, ends_on: date) -> SusExport:
    export = SusExport(starts_on=starts_on, ends_on=ends_on)
    participants = participants_in(starts_on, ends_on)
    outcomes = outcomes_of(participants)
    for row in participants.values(*FIELDS).order_by("registered_on", "left_on", "pk"):
        before = outcomes.get((row["pk"], OutcomeMoment.REGISTRATION))
        after = outcomes.get((row["pk"], OutcomeMoment.CLOSING))
        export.rows.append(cells(row, before, after, ends_on))
        if is_identified(row):
            export.identified.append(row["pk"])
        else:
            export.anonymous_reasons[str(anonymous_because(row))] += 1
    return export
