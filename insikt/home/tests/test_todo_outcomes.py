"""Att göra: the missing registration state, and the follow-ups after closing that have come (issue 16)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from insikt.home.todo import outcome_follow_ups_due, registration_outcomes_missing, todo
from participants import outcomes
from participants.models import ClosingReason, OutcomeMoment
from participants.outcomes import REGISTRATION, Moment, add_months
from participants.tests.factories import register


@pytest.fixture
def af(demo_staff):
    return demo_staff["af.handlaggare"]


def registered(by, days_ago, **fields):
    today = timezone.localdate()
    return register(by, registered_on=today - timedelta(days=days_ago), job_entered_on=today - timedelta(days=1500),
                    **fields)  # fmt: skip


def closed(by, days_ago):
    p = registered(by, days_ago + 30)
    outcomes.close_with_outcome(participant=p, reason=ClosingReason.EMPLOYED,
                                closed_on=timezone.localdate() - timedelta(days=days_ago), expected_version=p.version,
                                by=by, occupation="arbete", supports=["lon"])  # fmt: skip
    p.refresh_from_db()
    return p


def record(p, moment, by, **values):
    values = {"occupation": "arbete", "supports": ["lon"], **values}
    outcomes.record_outcome(participant=p, moment=moment, recorded_on=timezone.localdate(), by=by, **values)


def test_registration_state_missing_for_my_own_participants(af, demo_staff):
    mine = registered(af, 3, first_name="Saknar")
    done = registered(af, 3, first_name="Klar")
    record(done, REGISTRATION, af)
    registered(demo_staff["malmo.handlaggare"], 3)  # someone else's
    items, total = registration_outcomes_missing(af, timezone.localdate(), None)
    assert total == 1 and items[0].kind == "Sysselsättning vid anmälan saknas"
    assert mine.first_name in items[0].text and items[0].url == f"/deltagare/{mine.pk}/sysselsattning/anmalan/"
    assert items[0].due == mine.registered_on
    record(mine, REGISTRATION, af)
    assert registration_outcomes_missing(af, timezone.localdate(), None) == ([], 0)


def test_a_follow_up_appears_when_its_month_has_come_until_it_is_recorded(af):
    today = timezone.localdate()
    _recent, older = closed(af, 30), closed(af, 200)
    items, total = outcome_follow_ups_due(af, today, None)
    due = {(item.url, item.due) for item in items}
    # 200 days after closing: the 3- and 6-month follow-ups have come, the 12-month one has not; 30 days: none.
    assert due == {(f"/deltagare/{older.pk}/sysselsattning/uppfoljning-{n}/", add_months(older.closed_on, n))
                   for n in (3, 6)} and total == 2  # fmt: skip
    record(older, Moment(OutcomeMoment.FOLLOW_UP, 3), af, occupation="", supports=[], not_reached=True)
    items, total = outcome_follow_ups_due(af, today, None)
    assert [item.url for item in items] == [f"/deltagare/{older.pk}/sysselsattning/uppfoljning-6/"] and total == 1
    assert "6 månader efter avslutet" in items[0].text
    assert any(item.kind == "Uppföljning efter avslut" for item in todo(af))


def test_the_rules_take_the_same_number_of_queries_however_many_participants(af):
    today = timezone.localdate()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            outcome_follow_ups_due(af, today, 5)
            registration_outcomes_missing(af, today, 5)
        return len(captured)

    closed(af, 100), registered(af, 5)
    queries()  # the permission's id is looked up once per process
    few = queries()
    for days_ago in (110, 210, 220, 230, 240, 250):
        closed(af, days_ago), registered(af, 6)
    assert queries() == few == 4  # one a follow-up month, one for the registration state
