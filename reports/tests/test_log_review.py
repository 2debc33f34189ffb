from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from insikt.models import AccessLog
from participants import services
from participants.tests.factories import register
from reports.logreview import HEAVY_READER_MIN, create_review
from reports.models import LogReview, LogReviewEntry

STHLM = ZoneInfo("Europe/Stockholm")


def log(user, participant, when):
    return AccessLog.objects.create(
        user=user, organisation=user.organisation, action="view", participant_id=participant.pk, at=when
    )


@pytest.fixture
def month_of_reads(demo_staff, orgs):
    af, malmo = demo_staff["af.handlaggare"], demo_staff["malmo.handlaggare"]
    own = register(af)
    shared = register(af)
    services.register_waivers(
        participant=shared,
        organisations=[orgs["ama"]],
        valid_from=date(2026, 3, 10),
        valid_to=None,
        form="skriftligt",
        by=af,
    )
    tuesday_10 = datetime(2026, 3, 17, 10, 0, tzinfo=STHLM)
    return {
        "ordinary": log(af, own, tuesday_10),
        "shared_after_waiver": log(malmo, shared, tuesday_10),
        "shared_before_waiver": log(malmo, shared, datetime(2026, 3, 5, 10, 0, tzinfo=STHLM)),
        "unrelated_org": log(malmo, own, tuesday_10),
        "late_evening": log(af, own, datetime(2026, 3, 17, 21, 30, tzinfo=STHLM)),
        "saturday": log(af, own, datetime(2026, 3, 21, 11, 0, tzinfo=STHLM)),
        "other_month": log(malmo, own, datetime(2026, 4, 2, 10, 0, tzinfo=STHLM)),
        "users": demo_staff,
    }


def rules_of(review):
    return {e.entry_id: e.rule for e in review.entries.all()}


def test_rules_catch_reads_without_grounds_and_outside_office_hours(month_of_reads):
    review = create_review(month=date(2026, 3, 1), by=month_of_reads["users"]["projektledare"], seed=1)
    rules = rules_of(review)
    assert rules[month_of_reads["unrelated_org"].pk] == LogReviewEntry.Rule.NO_GROUNDS
    assert rules[month_of_reads["shared_before_waiver"].pk] == LogReviewEntry.Rule.NO_GROUNDS
    assert rules[month_of_reads["late_evening"].pk] == LogReviewEntry.Rule.OFF_HOURS
    assert rules[month_of_reads["saturday"].pk] == LogReviewEntry.Rule.OFF_HOURS
    # Ordinary reads are in the sample only at random; the other month not at all.
    assert rules.get(month_of_reads["ordinary"].pk) in (None, LogReviewEntry.Rule.RANDOM)
    assert rules.get(month_of_reads["shared_after_waiver"].pk) in (None, LogReviewEntry.Rule.RANDOM)
    assert month_of_reads["other_month"].pk not in rules


def test_heavy_readers_are_sampled(demo_staff):
    af = demo_staff["af.handlaggare"]
    participant = register(af)
    when = datetime(2026, 3, 17, 10, 0, tzinfo=STHLM)
    AccessLog.objects.bulk_create(
        AccessLog(user=af, organisation=af.organisation, action="view", participant_id=participant.pk, at=when)
        for _ in range(HEAVY_READER_MIN)
    )
    review = create_review(month=date(2026, 3, 1), by=demo_staff["projektledare"], seed=1)
    assert review.entries.filter(rule=LogReviewEntry.Rule.HEAVY_READER).count() == 10


@pytest.mark.parametrize("username, expected", [("projektledare", 200), ("af.handlaggare", 403), ("styrgrupp", 403)])
def test_only_the_project_leader_reaches_log_review(client, demo_staff, username, expected):
    client.force_login(demo_staff[username])
    assert client.get("/rapporter/logguppfoljning/").status_code == expected
    assert client.post("/rapporter/logguppfoljning/", {"month": "2026-03"}).status_code in (
        (302,) if expected == 200 else (403,)
    )


def test_sign_off_needs_a_comment_and_is_kept(client, month_of_reads):
    leader = month_of_reads["users"]["projektledare"]
    client.force_login(leader)
    response = client.post("/rapporter/logguppfoljning/", {"month": "2026-03"})
    review = LogReview.objects.get()
    assert response.url == f"/rapporter/logguppfoljning/{review.pk}/"
    page = client.post(response.url, {"comment": ""}).content.decode()
    assert "Detta fält måste fyllas i." in page
    client.post(response.url, {"comment": "Kontrollerat; AMA:s läsning före genombrottet utreds."})
    client.post(response.url, {"comment": "Ändrad i efterhand"})
    review.refresh_from_db()
    assert review.signed_off_by == leader and review.comment.startswith("Kontrollerat")


def test_a_future_month_is_refused(client, demo_staff):
    client.force_login(demo_staff["projektledare"])
    future = (date.today() + timedelta(days=40)).strftime("%Y-%m")
    page = client.post("/rapporter/logguppfoljning/", {"month": future}).content.decode()
    assert "Månaden har inte börjat ännu." in page and not LogReview.objects.exists()


def test_duplicate_checks_and_account_changes_are_rules_of_their_own(client, month_of_reads, make_user):
    from insikt.models import AccountChange

    users = month_of_reads["users"]
    af = users["af.handlaggare"]
    march = datetime(2026, 3, 18, 10, 0, tzinfo=STHLM)
    told = AccessLog.objects.create(user=af, organisation=af.organisation, action=AccessLog.Action.DUPLICATE_CHECK,
                                    participant_id=month_of_reads["ordinary"].participant_id, at=march)  # fmt: skip
    account = make_user(org="ama", username="ny.malmo")
    created = AccountChange.record(
        account, AccountChange.Kind.CREATED, by=users["malmo.admin"], detail="Malmö stad AMA"
    )
    AccountChange.objects.bulk_create([AccountChange(account=account, organisation=account.organisation, at=march,
                                                     kind=AccountChange.Kind.PASSWORD_LINK, changed_by=users["malmo.admin"])])  # fmt: skip
    in_march = AccountChange.objects.get(kind=AccountChange.Kind.PASSWORD_LINK)
    review = create_review(month=date(2026, 3, 1), by=users["projektledare"], seed=1)
    assert rules_of(review)[told.pk] == LogReviewEntry.Rule.DUPLICATE_CHECK
    picked = set(
        review.entries.filter(rule=LogReviewEntry.Rule.ACCOUNT_CHANGE).values_list("account_change", flat=True)
    )
    assert picked == {in_march.pk} and created.pk not in picked  # this month's record is not March's
    client.force_login(users["projektledare"])
    page = client.get(f"/rapporter/logguppfoljning/{review.pk}/").content.decode()
    assert "Ändring av ett användarkonto" in page and "Länk för att välja lösenord skapad" in page
    assert "Dubblettkontroll" in page
