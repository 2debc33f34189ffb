"""Demo recommendations: every category and status, rules kept, fitting the participant's status, idempotent."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from meetings.models import Recommendation, RecommendationCategory, RecommendationStatus
from meetings.recommendations.services import receiver_is_named
from participants.models import Participant, Status


def test_seed_demo_adds_recommendations_in_every_category_and_status(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", participants=40, no_reports=True, stdout=StringIO())
    count = Recommendation.objects.count()
    assert set(Recommendation.objects.values_list("status", flat=True)) == set(RecommendationStatus.values)
    assert set(Recommendation.objects.values_list("category", flat=True)) == set(
        RecommendationCategory.objects.values_list("pk", flat=True)
    )
    call_command("seed_demo", participants=40, no_reports=True, stdout=StringIO())
    assert Recommendation.objects.count() == count

    today = timezone.localdate()
    for r in Recommendation.objects.select_related("participant", "meeting", "receiving_organisation"):
        r.full_clean()
        assert r.meeting.kind == "flerpart" and r.meeting.status == "genomfort"
        assert r.meeting.participant_id == r.participant_id
        assert r.areas.exists()
        assert [c.to_status for c in r.status_changes.all()][-1] == r.status
        assert r.handed_over_by_participant or receiver_is_named(r.participant, r.receiving_organisation_id)
        if r.status == RecommendationStatus.DRAFT:
            assert r.participant.status == Status.MEETING_HELD
        else:
            assert r.participant.status in (Status.RECOMMENDED, Status.CLOSED) and r.sent_on <= today
    # Something is due for follow-up, so that the list and the start page have something to show.
    assert Recommendation.objects.filter(status__in=["skickad", "mottagen"], follow_up_on__lte=today).exists()
    closed = Participant.objects.filter(status=Status.CLOSED)
    assert closed.exists() and not closed.filter(Q(closed_on__isnull=True) | Q(closing_reason="")).exists()
