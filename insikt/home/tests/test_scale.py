"""A large register: the copies made in SQL are whole participants, and the list's plan reads only its page."""

import json

import pytest
from django.db import connection
from django.db.models import Q

from insikt.home.scale import SURNAMES, copy_participants
from meetings.models import Meeting
from participants import personnummer
from participants.access import visible_participants
from participants.demo import seed_participants
from participants.models import Participant, ParticipantGroupObjectPermission
from participants.models.participant import search_text
from participants.views.lists import SORTS

postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="copies and plans are PostgreSQL's")


@pytest.fixture
def register_of(demo_staff):
    def make(total):
        from meetings.demo import seed_meetings

        seed_participants(100, demo_staff)
        seed_meetings(demo_staff)
        copy_participants(total)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return demo_staff

    return make


@postgresql
def test_copies_are_whole_participants_with_new_identities(register_of):
    staff = register_of(1000)
    assert Participant.objects.count() == 1000
    # The demo's people with neither number are the only ones without: their copies have a personnummer.
    without = Participant.objects.filter(personnummer=None)
    assert without.count() == without.filter(identity_kind="inget").count() > 0
    numbers = list(Participant.objects.exclude(personnummer=None).values_list("personnummer", flat=True))
    assert len(set(numbers)) == 1000 - without.count() and all(personnummer.is_valid_normalised(n) for n in numbers)
    # Every copy has its grants and meetings, and the same share is visible to each organisation.
    assert ParticipantGroupObjectPermission.objects.values("content_object").distinct().count() == 1000
    assert Meeting.objects.values("participant").distinct().count() == 1000
    af = staff["af.handlaggare"]
    originals = [p for p in visible_participants(af) if not p.personnummer or p.personnummer[8:11] >= "980"]
    assert visible_participants(af).count() == len(originals) * 10
    # A copy has a surname of its own, and the search column says the same as the model would.
    own = Q(personnummer=None) | Q(personnummer__regex=r"^\d{8}9[89]")  # the demo's own: 980–999
    copies = Participant.objects.exclude(own)
    assert copies.count() > 800 and not copies.exclude(last_name__in=SURNAMES).exists()
    assert all(copy.search_text == search_text(copy) for copy in copies[:50])
    # The copies are worked by caseworkers of their own: af.handlaggare's caseload is the demo's.
    assert visible_participants(af).filter(responsible__user=af).count() == len(
        [p for p in originals if p.responsible.filter(user=af).exists()]
    )


def rows_read(plan: dict, table: str) -> int:
    """Rows the plan's nodes read from `table` (actual rows × loops), through every sub-plan."""
    own = plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1) if plan.get("Relation Name") == table else 0
    return own + sum(rows_read(child, table) for child in plan.get("Plans", []))


@postgresql
@pytest.mark.parametrize("sort", SORTS)
def test_the_list_page_reads_its_rows_not_every_visible_participant(register_of, sort):
    staff = register_of(3000)
    user = staff["af.handlaggare"]
    assert visible_participants(user).count() > 1500
    page = visible_participants(user).order_by(*SORTS[sort])[:25]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        explained = cursor.fetchone()[0]
    plan = (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]
    # One index walk in the list's order, stopping after the page (and the few rows not visible on the way).
    assert rows_read(plan, "participants_participant") < 200, json.dumps(plan, indent=1)[:3000]


@postgresql
def test_copies_have_their_outcomes_and_a_gender_from_their_own_number(register_of):
    from participants.models import Outcome, OutcomeSupport, gender_from_number

    register_of(400)
    with_outcome = Outcome.objects.values("participant").distinct().count()
    assert with_outcome > 300  # most participants, copies too
    assert OutcomeSupport.objects.count() >= Outcome.objects.filter(not_reached=False).count()
    assert all(p.gender == gender_from_number(p.personnummer) for p in Participant.objects.exclude(personnummer=None))
    assert {p.gender for p in Participant.objects.all()} == {"kvinna", "man"}
