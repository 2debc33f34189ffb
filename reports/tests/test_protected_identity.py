"""Protected personal data in reports: every access-log entry of the month about the person is picked for the log
review, and the register extract tells the person."""

from datetime import date, datetime

from participants.models import Participant
from participants.tests.factories import register
from reports.extract import as_html, collect
from reports.logreview import create_review
from reports.models import LogReviewEntry
from reports.tests.test_log_review import STHLM, log


def test_every_read_of_a_protected_person_is_flagged_and_shown(client, demo_staff):
    af, leader = demo_staff["af.handlaggare"], demo_staff["projektledare"]
    protected, ordinary = register(af), register(af)
    Participant.objects.filter(pk=protected.pk).update(protected_identity="sekretessmarkering")
    reads = [log(af, protected, datetime(2026, 3, day, 10, 0, tzinfo=STHLM)) for day in range(2, 27)]
    plain = log(af, ordinary, datetime(2026, 3, 17, 10, 0, tzinfo=STHLM))
    april = log(af, protected, datetime(2026, 4, 2, 10, 0, tzinfo=STHLM))
    review = create_review(month=date(2026, 3, 1), by=leader, seed=1)
    rules = {e.entry_id: e.rule for e in review.entries.all()}
    assert all(rules[read.pk] == LogReviewEntry.Rule.PROTECTED for read in reads)  # 25: more than the random sample
    assert rules.get(plain.pk) in (None, LogReviewEntry.Rule.RANDOM) and april.pk not in rules
    client.force_login(leader)
    page = client.get(f"/rapporter/logguppfoljning/{review.pk}/").content.decode()
    assert "Läsning av en person med skyddade personuppgifter" in page


def test_the_register_extract_says_the_person_has_protected_personal_data(demo_staff):
    participant = register(demo_staff["af.handlaggare"])
    Participant.objects.filter(pk=participant.pk).update(protected_identity="sekretessmarkering")
    participant.refresh_from_db()
    html = as_html(collect(participant), participant, stylesheet="")
    assert "Du har skyddade personuppgifter (sekretessmarkering)." in html
    assert "Därför sparas ingen adress om dig" in html
    ordinary = register(demo_staff["af.handlaggare"])
    assert "skyddade personuppgifter (" not in as_html(collect(ordinary), ordinary, stylesheet="")
