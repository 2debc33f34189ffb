"""Demo meetings and history reviews that fit each participant's status. Deterministic, idempotent, bulk inserts.

A participant who already has a meeting is left alone, so running seed_demo again adds nothing.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from insikt.models import Organisation, User
from meetings.models import (
    AttendeeKind,
    HistoryReview,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    ProgrammeType,
    ReviewBenefit,
    ReviewBenefitType,
    ReviewProgramme,
)
from participants.demo import team_member, team_of
from participants.models import Benefit, Participant, ResponsibleCaseworker, SecrecyWaiver, Status

PLACES = {
    Organisation.AF: ["Arbetsförmedlingen Malmö, Södra Förstadsgatan 2", "Arbetsförmedlingen Malmö, rum Öresund"],
    Organisation.AMA: ["Jobbtorg Malmö, Stora Nygatan 29", "Malmö stad AMA, Carlsgatan 4"],
}
PROVIDERS = ["Arbetsförmedlingen", "Malmö stad Jobbtorg", "Lernia", "Hermods", "Folkuniversitetet", "Fortuna",
             "Komvux Malmö", "Stadsmissionen"]  # fmt: skip
SUMMARIES = [
    "Lång tid i insatser utan att de lett till arbete. Korta perioder i praktik; avbrott vid sjukdom.",
    "Har deltagit i flera kompetenshöjande insatser. Språket och hälsan beskrivs som de största hindren.",
    "Växlat mellan aktivitetsstöd och försörjningsstöd. Saknar aktuell plan; vill arbeta inom lager eller städ.",
]
CANCEL_REASONS = ["Deltagaren sjuk.", "Tolk kunde inte komma.", "Handläggaren sjuk, nytt möte bokas."]
SLOTS = [(9, 0), (10, 30), (13, 0), (14, 30)]
BEYOND_CONSENT = {Status.REVIEWED, Status.MEETING_HELD, Status.RECOMMENDED, Status.CLOSED}
MULTI_PARTY_HELD = {Status.MEETING_HELD, Status.RECOMMENDED, Status.CLOSED}


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def office_hours(moment: datetime) -> datetime:
    """The same moment, or the latest weekday office slot before it (a past meeting never lands at 06:01 or on
    a Saturday because "now" was early in the morning or at the weekend)."""
    local = timezone.localtime(moment)
    if local.weekday() < 5 and 8 <= local.hour and (local.hour, local.minute) <= (15, 0):
        return moment
    day = local.date() if local.hour >= 16 else local.date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return at(day, 15)


def seed_meetings(staff: dict) -> int:
    """Add meetings (and history reviews) for every participant without meetings; returns how many meetings."""
    participants = list(
        Participant.objects.filter(~Exists(Meeting.objects.filter(participant=OuterRef("pk"))))
        .select_related("registering_organisation")
        .order_by("registered_on", "pk")
    )
    if not participants:
        return 0
    planner = DemoMeetings(staff, participants)
    for p in participants:
        planner.plan(p)
    return planner.save()


class DemoMeetings:
    """The meetings, attendees and history reviews of the demo, collected in memory and saved in bulk."""

    def __init__(self, staff: dict, participants):
        self.rng = random.Random(20230301)  # noqa: S311 - demo data, not security
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.staff = staff
        ids = [p.pk for p in participants]
        users = {user.pk: user for user in staff.values()}
        self.responsible = {
            participant_id: users.get(user_id) or User.objects.get(pk=user_id)
            for participant_id, user_id in ResponsibleCaseworker.objects.filter(participant_id__in=ids).values_list(
                "participant_id", "user_id"
            )
        }
        self.active_codes: dict = {}
        waivers = SecrecyWaiver.objects.active().filter(participant_id__in=ids)
        for participant_id, code in waivers.values_list("participant_id", "organisation__code"):
            self.active_codes.setdefault(participant_id, set()).add(code)
        self.programme_types = list(ProgrammeType.objects.filter(active=True))
        self.reviewed = set(
            HistoryReview.objects.filter(participant_id__in=ids).values_list("participant_id", flat=True)
        )
        self.meetings, self.attendees, self.reviews, self.programmes, self.benefits = [], [], [], [], []
        self.seen = Counter()
        self.slots = iter(range(10**9))

    def book(self, p, kind, start, status, staff_users, reason=""):
        org = p.registering_organisation.code
        minutes = 90 if kind == MeetingKind.MULTI_PARTY else 60
        meeting = Meeting(
            participant=p, kind=kind, starts_at=office_hours(start), duration_minutes=minutes,
            place=self.rng.choice(PLACES.get(org, PLACES[Organisation.AF])), status=status, cancel_reason=reason,
            booked_by=staff_users[0], notes=notes_for(kind) if status == MeetingStatus.HELD else "",
        )  # fmt: skip
        meeting.ends_at = meeting.compute_ends_at()
        self.meetings.append(meeting)
        self.attendees.extend(MeetingAttendee(meeting=meeting, kind=AttendeeKind.STAFF, user=u) for u in staff_users)
        self.attendees.append(MeetingAttendee(meeting=meeting, kind=AttendeeKind.PARTICIPANT))
        if p.needs_interpreter:
            self.attendees.append(MeetingAttendee(meeting=meeting, kind=AttendeeKind.INTERPRETER, language=p.language))
        return meeting

    def next_slot(self):
        """Upcoming bookings in the coming weeks, four a day, so that the demo caseworkers' calendars don't clash
        until there are more bookings than slots (a large demo)."""
        n = next(self.slots)
        day = workday_after(self.today, 1 + (n // len(SLOTS)) % 20)
        hour, minute = SLOTS[n % len(SLOTS)]
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def plan(self, p):
        # The n-th participant with this status: variety (no-shows, cancellations) within every status.
        nth = self.seen[p.status]
        self.seen[p.status] += 1
        own = self.responsible.get(p.pk) or self.staff["af.handlaggare"]
        # Past meetings happen on the demo's status-change days (registered_on + 7 days per step), never ahead.
        latest = office_hours(self.now - timedelta(hours=3))
        info_at = min(at(p.registered_on + timedelta(days=7), 10), latest - timedelta(days=1))
        if p.status == Status.REGISTERED:
            first = min(at(p.registered_on + timedelta(days=3), 13), latest)
            if nth % 4 == 1:  # a no-show first, then a new booking
                self.book(p, MeetingKind.INFORMATION, first, MeetingStatus.NO_SHOW, [own])
            elif nth % 4 == 3:
                self.book(p, MeetingKind.INFORMATION, first, MeetingStatus.CANCELLED, [own],
                          reason=self.rng.choice(CANCEL_REASONS))  # fmt: skip
            self.book(p, MeetingKind.INFORMATION, self.next_slot(), MeetingStatus.BOOKED, [own])
            return
        # Only the registering organisation is recorded: before the waiver nobody else may be (services.check_rules).
        self.book(p, MeetingKind.INFORMATION, info_at, MeetingStatus.HELD, [own])
        if p.status not in (Status.INFORMED, Status.DECLINED):
            self.plan_after_consent(p, nth, own, info_at, latest)

    def plan_after_consent(self, p, nth, own, info_at, latest):
        active = self.active_codes.get(p.pk, set())
        # The other organisation's caseworker in the same team: each demo caseworker keeps a real workload.
        colleagues = [team_member(self.staff, code, team_of(own)) for code in (Organisation.AF, Organisation.AMA)]
        attending = [own] + [user for user in colleagues if user.organisation.code in active]
        attending = list(dict.fromkeys(attending))
        if Organisation.EB in active:
            attending.append(self.staff["socialsekreterare"])
        multi_day = p.registered_on + timedelta(days=28)
        if p.status == Status.ABORTED:
            self.book(p, MeetingKind.MULTI_PARTY, max(at(multi_day, 13), info_at + timedelta(days=1)),
                      MeetingStatus.CANCELLED, [own], reason="Deltagaren har återkallat sitt samtycke.")  # fmt: skip
            return
        if p.status in MULTI_PARTY_HELD:
            multi_at = min(max(at(multi_day, 13), info_at + timedelta(days=2)), latest)
            if multi_at - timedelta(days=7) > info_at and nth % 3 in (1, 2):  # a week earlier: missed
                missed = MeetingStatus.CANCELLED if nth % 3 == 1 else MeetingStatus.NO_SHOW
                reason = self.rng.choice(CANCEL_REASONS) if missed == MeetingStatus.CANCELLED else ""
                self.book(p, MeetingKind.MULTI_PARTY, multi_at - timedelta(days=7), missed, attending, reason=reason)
            self.book(p, MeetingKind.MULTI_PARTY, multi_at, MeetingStatus.HELD, attending)
            if p.status == Status.CLOSED:
                follow_up_at = min(multi_at + timedelta(days=60), latest)
                self.book(p, MeetingKind.FOLLOW_UP, follow_up_at, MeetingStatus.HELD, [own])
        else:  # consented or reviewed: the multi-party meeting lies ahead, for the demo caseworkers this coming week
            self.book(p, MeetingKind.MULTI_PARTY, self.next_slot(), MeetingStatus.BOOKED, attending)
        if p.status in BEYOND_CONSENT and p.pk not in self.reviewed and self.programme_types:
            completed_on = min(p.registered_on + timedelta(days=21), self.today)
            for user in dict.fromkeys([own, *[u for u in attending if u != own]]):
                review = review_for(p, user, self.rng, completed_on)
                self.reviews.append(review)
                self.programmes.extend(programme_rows(review, p, self.rng, self.programme_types))
                self.benefits.extend(benefit_rows(review, p, self.rng))

    def save(self) -> int:
        Meeting.objects.bulk_create(self.meetings, batch_size=1000)
        MeetingAttendee.objects.bulk_create(self.attendees, batch_size=2000)
        HistoryReview.objects.bulk_create(self.reviews, batch_size=1000)
        ReviewProgramme.objects.bulk_create(self.programmes, batch_size=2000)
        ReviewBenefit.objects.bulk_create(self.benefits, batch_size=2000)
        return len(self.meetings)


def workday_after(day: date, count: int) -> date:
    """The count-th weekday after `day`."""
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def notes_for(kind: str) -> str:
    if kind == MeetingKind.INFORMATION:
        return "Informerat om projektet och om samtycke och sekretessgenombrott. Personen vill fundera/delta."
    if kind == MeetingKind.MULTI_PARTY:
        return "Gått igenom frågeformuläret tillsammans. Nästa steg är en rekommendation till rätt instans."
    return "Uppföljning av rekommendationen."


def review_for(p, user, rng, completed_on) -> HistoryReview:
    return HistoryReview(
        participant=p, organisation_id=user.organisation_id, created_by=user, updated_by=user,
        summary=rng.choice(SUMMARIES), completed_on=completed_on,
        earlier_plans="Handlingsplan upprättad vid inskrivning i garantin; uppföljd ett par gånger per år.",
    )  # fmt: skip


def programme_rows(review, p, rng, programme_types) -> list[ReviewProgramme]:
    """Two to four programme periods between the AF registration and the registration in Insikt."""
    rows, day = [], p.af_registered_on + timedelta(days=rng.randint(60, 400))
    for _ in range(rng.randint(2, 4)):
        length = rng.randint(60, 360)
        if day + timedelta(days=length) >= p.registered_on:
            break
        rows.append(
            ReviewProgramme(review=review, programme_type=rng.choice(programme_types), provider=rng.choice(PROVIDERS),
                            starts_on=day, ends_on=day + timedelta(days=length))
        )  # fmt: skip
        day += timedelta(days=length + rng.randint(90, 900))
    return rows


def benefit_rows(review, p, rng) -> list[ReviewBenefit]:
    """Activity support since JOB entry, and social assistance in a period before it (or ongoing)."""
    rows = [ReviewBenefit(review=review, benefit_type=ReviewBenefitType.ACTIVITY_SUPPORT, starts_on=p.job_entered_on)]
    if p.benefit == Benefit.SOCIAL_ASSISTANCE:
        start = p.job_entered_on - timedelta(days=rng.randint(200, 900))
        rows.append(ReviewBenefit(review=review, benefit_type=ReviewBenefitType.SOCIAL_ASSISTANCE, starts_on=start))
    elif rng.random() < 0.4:
        start = p.af_registered_on + timedelta(days=rng.randint(30, 300))
        rows.append(
            ReviewBenefit(review=review, benefit_type=ReviewBenefitType.UNEMPLOYMENT_INSURANCE, starts_on=start,
                          ends_on=start + timedelta(days=300))
        )  # fmt: skip
    return rows
