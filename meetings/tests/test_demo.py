"""Demo meetings and reviews: they fit each participant's status, and a second run adds nothing."""

from collections import Counter

from django.core.management import call_command
from django.utils import timezone

from meetings.models import HistoryReview, Meeting, MeetingStatus, ReviewProgramme
from participants.models import Participant, Status


def test_seed_demo_adds_meetings_that_fit_the_status_and_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", participants=60, no_reports=True)
    count = Meeting.objects.count()
    assert count > 60
    call_command("seed_demo", participants=60, no_reports=True)
    assert Meeting.objects.count() == count

    kinds = Counter(Meeting.objects.values_list("kind", "status"))
    for kind in ("information", "flerpart"):
        for status in MeetingStatus.values:
            assert kinds[(kind, status)], (kind, status)
    assert not Meeting.objects.filter(status="installt", cancel_reason="").exists()
    now = timezone.now()
    assert not Meeting.objects.filter(status__in=["genomfort", "uteblev"], starts_at__gt=now).exists()
    assert not Meeting.objects.filter(status="bokat", ends_at__lt=now).exists()

    for participant in Participant.objects.prefetch_related("meetings"):
        held = {m.kind for m in participant.meetings.all() if m.status == MeetingStatus.HELD}
        if participant.status in (Status.MEETING_HELD, Status.RECOMMENDED, Status.CLOSED):
            assert "flerpart" in held, participant.status
        if participant.status == Status.INFORMED:
            assert held == {"information"}
        if participant.status == Status.REGISTERED:
            assert not held
    reviewed = Participant.objects.filter(status__in=[Status.REVIEWED, Status.MEETING_HELD])
    assert HistoryReview.objects.filter(participant__in=reviewed).exists()
    assert ReviewProgramme.objects.exists()
    soon = Meeting.objects.filter(
        status="bokat", starts_at__lte=now + timezone.timedelta(days=8), attendees__user__username="af.handlaggare"
    )
    assert soon.exists()


def test_demo_meetings_are_on_weekdays_in_office_hours(db, settings):
    from django.utils import timezone

    from insikt.demo import seed_staff
    from meetings.demo import seed_meetings
    from meetings.models import Meeting
    from participants.demo import seed_participants

    staff = seed_staff("insikt-demo")
    seed_participants(60, staff)
    seed_meetings(staff)
    for starts_at in Meeting.objects.values_list("starts_at", flat=True):
        local = timezone.localtime(starts_at)
        assert local.weekday() < 5 and 8 <= local.hour <= 15, local
