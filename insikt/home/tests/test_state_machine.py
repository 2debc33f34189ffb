"""The participant's journey as a state machine: every transition tried from every state, through the services.

Hypothesis drives one participant through random sequences of what staff of the three organisations can
do (consent, waivers, meetings and their outcomes, reviews, recommendations, manual statuses, closing,
reopening, anonymising, days passing with the daily job) and after every step checks the rules that must
hold whatever came before. A refused action is fine; an impossible state is a failure.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from insikt.home.management.commands.anonymise import anonymise
from insikt.locking import ConcurrentEditError
from meetings import services as meeting_services
from meetings.models import (
    AttendeeKind,
    HistoryReview,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    Recommendation,
    RecommendationCategory,
)
from meetings.recommendations import services as recommendation_services
from participants import services, sharing
from participants.models import (
    ENDED,
    Consent,
    ConsentWithdrawal,
    Participant,
    ParticipantGroupObjectPermission,
    SecrecyWaiver,
    Status,
    StatusChange,
)
from participants.tests.factories import register

# Arbetsförmedlingen registered the participant; it is named twice so that more of its actions get through.
STAFF = ["af.handlaggare", "af.handlaggare", "malmo.handlaggare", "socialsekreterare"]
REFUSED = (ValidationError, ConcurrentEditError)


def fresh(participant) -> Participant:
    return Participant.objects.select_related("registering_organisation").get(pk=participant.pk)


class Journey(RuleBasedStateMachine):
    staff: dict = {}
    orgs: dict = {}

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.today = timezone.localdate()
        self._clock = mock.patch.object(timezone, "localdate", lambda *a, **k: self.today)
        self._clock.start()
        self.ever_left_booked: set = set()

    def teardown(self):
        self._clock.stop()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def a_registered_participant(self):
        self.participant = register(self.staff["af.handlaggare"], first_name="Tillstånd")

    # --- what staff can do ---------------------------------------------------------------------------

    def attempt(self, action):
        """Run an action; if the participant is anonymised, it must be refused and change nothing."""
        anonymised = fresh(self.participant).anonymised_at is not None
        before = self.footprint()
        try:
            with transaction.atomic():
                action()
        except (*REFUSED, PermissionError):
            assert self.footprint() == before
            return False
        assert not anonymised, "an anonymised participant accepted a write"
        return True

    def footprint(self):
        p = fresh(self.participant)
        return (
            p.status,
            p.version,
            Consent.objects.filter(participant=p).count(),
            SecrecyWaiver.objects.filter(participant=p).count(),
            Meeting.objects.filter(participant=p).count(),
            Recommendation.objects.filter(participant=p).count(),
            MeetingAttendee.objects.filter(meeting__participant=p).count(),
        )

    @rule(by=st.sampled_from(STAFF))
    def give_consent(self, by):
        self.attempt(lambda: services.register_consent(participant=fresh(self.participant), given_on=self.today,
                                                       form="skriftligt", by=self.staff[by]))  # fmt: skip

    def has(self, queryset) -> bool:
        return hasattr(self, "participant") and queryset.filter(participant=self.participant).exists()

    @precondition(lambda self: self.has(Consent.objects.active()))
    @rule(by=st.sampled_from(STAFF))
    def withdraw_consent(self, by):
        consent = Consent.objects.active().filter(participant=self.participant).last()
        if consent:
            self.attempt(lambda: services.withdraw_consent(consent=consent, withdrawn_on=self.today, reason="Nej",
                                                           by=self.staff[by]))  # fmt: skip

    @rule(by=st.sampled_from(STAFF), named=st.sampled_from(["ama", "eb"]), starts_in=st.sampled_from([-3, 0, 2]),
          days=st.sampled_from([None, 1, 10]))  # fmt: skip
    def register_waiver(self, by, named, starts_in, days):
        start = self.today + timedelta(days=starts_in)
        end = start + timedelta(days=days) if days else None
        self.attempt(lambda: services.register_waivers(participant=fresh(self.participant),
                                                       organisations=[self.orgs[named]], valid_from=start,
                                                       valid_to=end, form="muntligt", by=self.staff[by]))  # fmt: skip

    @precondition(lambda self: self.has(SecrecyWaiver.objects.not_ended(self.today)))
    @rule(by=st.sampled_from(STAFF), data=st.data())
    def withdraw_waiver(self, by, data):
        waivers = list(SecrecyWaiver.objects.not_ended(self.today).filter(participant=self.participant))
        if waivers:
            waiver = data.draw(st.sampled_from(waivers))
            self.attempt(lambda: services.withdraw_waiver(waiver=waiver, withdrawn_on=self.today, reason="Nej",
                                                          by=self.staff[by]))  # fmt: skip

    @rule(by=st.sampled_from(STAFF), kind=st.sampled_from(MeetingKind.values), past=st.booleans(),
          with_eb=st.booleans())  # fmt: skip
    def book(self, by, kind, past, with_eb):
        starts = timezone.now() + (timedelta(hours=-3) if past else timedelta(days=2))
        meeting = Meeting(participant=fresh(self.participant), kind=kind, starts_at=starts, place="Rum 1")
        people = [self.staff[by], *([self.staff["socialsekreterare"]] if with_eb else [])]
        attendees = [MeetingAttendee(kind=AttendeeKind.STAFF, user=u) for u in dict.fromkeys(people)]
        if self.attempt(lambda: meeting_services.book_meeting(meeting=meeting, attendees=attendees,
                                                             by=self.staff[by], allow_overlap=True)):  # fmt: skip
            self.assert_attendees_may_sit_at_the_table(Meeting.objects.get(pk=meeting.pk))

    @precondition(lambda self: self.has(Meeting.objects))
    @rule(data=st.data(), status=st.sampled_from(MeetingStatus.values), by=st.sampled_from(STAFF))
    def record_outcome(self, data, status, by):
        meetings = list(Meeting.objects.filter(participant=self.participant))
        if meetings:
            meeting = data.draw(st.sampled_from(meetings))
            self.attempt(lambda: meeting_services.record_outcome(meeting=meeting, status=status, cancel_reason="Sjuk",
                                                                notes="", expected_version=meeting.version,
                                                                by=self.staff[by]))  # fmt: skip
            if Meeting.objects.get(pk=meeting.pk).status != MeetingStatus.BOOKED:
                self.ever_left_booked.add(meeting.pk)

    @precondition(lambda self: self.has(Meeting.objects))
    @rule(data=st.data(), by=st.sampled_from(STAFF))
    def add_ekonomiskt_bistand_to_a_meeting(self, data, by):
        meetings = list(Meeting.objects.filter(participant=self.participant))
        if meetings:
            meeting = data.draw(st.sampled_from(meetings))
            people = dict.fromkeys([self.staff[by], self.staff["socialsekreterare"]])  # the form lists each once
            attendees = [MeetingAttendee(kind=AttendeeKind.STAFF, user=u) for u in people]
            if self.attempt(lambda: meeting_services.update_meeting(meeting=meeting, attendees=attendees,
                                                                   expected_version=meeting.version,
                                                                   by=self.staff[by], allow_overlap=True)):  # fmt: skip
                self.assert_attendees_may_sit_at_the_table(Meeting.objects.get(pk=meeting.pk))

    @rule(by=st.sampled_from(STAFF))
    def complete_review(self, by):
        user = self.staff[by]
        review = HistoryReview.objects.filter(participant=self.participant, organisation=user.organisation).first()
        review = review or HistoryReview(participant=fresh(self.participant), organisation=user.organisation)
        self.attempt(lambda: meeting_services.save_review(review=review, completed=True, programmes=[], benefits=[],
                                                         events=[],
                                                         expected_version=review.version if review.pk else None,
                                                         by=user))  # fmt: skip

    @precondition(lambda self: self.has(HistoryReview.objects.filter(completed_on__isnull=False)))
    @rule(by=st.sampled_from(STAFF))
    def make_a_completed_review_a_draft(self, by):
        user = self.staff[by]
        review = HistoryReview.objects.filter(participant=self.participant, organisation=user.organisation).first()
        if review:
            self.attempt(lambda: meeting_services.save_review(review=review, completed=False, programmes=[],
                                                             benefits=[], events=[], expected_version=review.version,
                                                             by=user))  # fmt: skip

    @invariant()
    def genomlysning_klar_rests_on_a_completed_review(self):
        if hasattr(self, "participant") and fresh(self.participant).status == Status.REVIEWED:
            assert HistoryReview.objects.filter(participant=self.participant, completed_on__isnull=False).exists()

    @precondition(
        lambda self: self.has(Meeting.objects.filter(kind=MeetingKind.MULTI_PARTY, status=MeetingStatus.HELD))
    )
    @rule(by=st.sampled_from(STAFF))
    def write_and_send_a_recommendation(self, by):
        held = Meeting.objects.filter(participant=self.participant, kind=MeetingKind.MULTI_PARTY,
                                      status=MeetingStatus.HELD).first()  # fmt: skip
        draft = Recommendation.objects.filter(participant=self.participant, status="utkast").first()
        user = self.staff[by]
        if draft is None and held is not None:
            category = RecommendationCategory.objects.get(name="Ingen ny insats")
            recommendation = Recommendation(participant=fresh(self.participant), meeting=held, category=category,
                                            receiving_organisation=self.orgs["af"], rationale="Skäl")  # fmt: skip
            self.attempt(lambda: recommendation_services.create_recommendation(recommendation=recommendation,
                                                                              areas=["arbete"], by=user))  # fmt: skip
        elif draft is not None:
            left = fresh(self.participant).is_ended
            sent = self.attempt(lambda: recommendation_services.change_status(
                recommendation=draft, to_status="skickad", expected_version=draft.version, by=user,
                sent_on=self.today, sent_to="Enheten"))  # fmt: skip
            assert not (sent and left), "a recommendation was sent after the participant had left"

    @rule(status=st.sampled_from(Status.values), by=st.sampled_from(STAFF))
    def set_status_by_hand(self, status, by):
        p = fresh(self.participant)
        self.attempt(lambda: services.change_status(participant=p, to_status=status, reason="Manuellt",
                                                    expected_version=p.version, by=self.staff[by]))  # fmt: skip

    @rule(by=st.sampled_from(STAFF))
    def close(self, by):
        p = fresh(self.participant)
        self.attempt(lambda: services.close_participant(participant=p, reason="flyttat", closed_on=self.today,
                                                        expected_version=p.version, by=self.staff[by]))  # fmt: skip

    @precondition(lambda self: hasattr(self, "participant") and fresh(self.participant).status == Status.CLOSED)
    @rule(by=st.sampled_from(STAFF))
    def reopen(self, by):
        p = fresh(self.participant)
        self.attempt(lambda: services.reopen_participant(participant=p, reason="Tillbaka", expected_version=p.version,
                                                         by=self.staff[by]))  # fmt: skip

    @precondition(lambda self: hasattr(self, "participant") and fresh(self.participant).is_ended)
    @rule()
    def anonymise(self):
        p = fresh(self.participant)
        if not p.anonymised_at:
            anonymise(p)

    @rule(days=st.integers(min_value=1, max_value=12))
    def days_pass_and_the_daily_job_runs(self, days):
        self.today += timedelta(days=days)
        sharing.sync_waiver_access(self.today)
        wanted = {o.group_id for o in sharing.organisations_with_access(fresh(self.participant), self.today)}
        granted = set(
            ParticipantGroupObjectPermission.objects.filter(
                content_object=self.participant, permission__codename="view_participant"
            ).values_list("group_id", flat=True)
        )
        assert granted == wanted, "after the daily job the grants are exactly the registering and named organisations"

    # --- what must hold after every step --------------------------------------------------------------

    def assert_attendees_may_sit_at_the_table(self, meeting):
        p = fresh(self.participant)
        allowed = {p.registering_organisation_id} | set(
            SecrecyWaiver.objects.active(self.today).filter(participant=p).values_list("organisation_id", flat=True)
        )
        staff_orgs = set(meeting.attendees.filter(user__isnull=False).values_list("user__organisation_id", flat=True))
        assert staff_orgs <= allowed, "a booked meeting seats an organisation that no waiver names"
        # After closing, only a follow-up is booked (its outcome is what the follow-up measures).
        assert p.status != Status.CLOSED or meeting.kind == MeetingKind.FOLLOW_UP, "a closed participant got a booking"

    @invariant()
    def steps_that_need_consent_have_it(self):
        if not hasattr(self, "participant"):
            return
        p = fresh(self.participant)
        if p.status in services.NEEDS_CONSENT:
            assert Consent.objects.active().filter(participant=p).exists(), f"{p.status} without an active consent"

    @invariant()
    def every_step_reached_has_its_event(self):
        if not hasattr(self, "participant"):
            return
        reached = set(StatusChange.objects.filter(participant=self.participant).values_list("to_status", flat=True))
        meetings = Meeting.objects.filter(participant=self.participant, status=MeetingStatus.HELD)
        events = {
            Status.INFORMED: meetings.filter(kind=MeetingKind.INFORMATION).exists(),
            Status.CONSENTED: Consent.objects.filter(participant=self.participant).exists(),
            Status.MEETING_HELD: meetings.filter(kind=MeetingKind.MULTI_PARTY).exists(),
            Status.RECOMMENDED: Recommendation.objects.filter(participant=self.participant).exclude(
                status="utkast").exists(),
            Status.REVIEWED: HistoryReview.objects.filter(participant=self.participant).exists(),
        }  # fmt: skip
        for status, happened in events.items():
            # Compared as plain strings: an enum member hashes by its name, not its value.
            assert status.value not in reached or happened, f"{status} reached without its event"

    @invariant()
    def a_meeting_that_left_booked_never_returns(self):
        if self.ever_left_booked:
            assert not Meeting.objects.filter(pk__in=self.ever_left_booked, status=MeetingStatus.BOOKED).exists()

    @invariant()
    def a_withdrawn_consent_ended_every_waiver_recorded_before_it(self):
        if not hasattr(self, "participant"):
            return
        for withdrawal in ConsentWithdrawal.objects.filter(consent__participant=self.participant):
            earlier = SecrecyWaiver.objects.filter(
                participant=self.participant, recorded_at__lte=withdrawal.recorded_at
            )
            still_running = earlier.not_ended(withdrawal.withdrawn_on)
            assert not still_running.exists(), "a waiver outlived the withdrawal of consent"

    @invariant()
    def only_an_ended_participation_is_anonymised(self):
        if hasattr(self, "participant"):
            p = fresh(self.participant)
            assert p.status in ENDED or not p.anonymised_at


@pytest.mark.django_db
def test_no_sequence_of_actions_reaches_an_impossible_state(demo_staff, orgs):
    Journey.staff, Journey.orgs = demo_staff, orgs
    run_state_machine_as_test(
        Journey,
        settings=settings(
            max_examples=80,
            stateful_step_count=50,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
