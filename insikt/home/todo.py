"""Att göra: what the caseworker should do next, derived from the data, never kept by hand.

Each rule reads only the user's own rows (participants they are responsible for, meetings they book
or attend) through the access querysets, and an item disappears as soon as the data says it is
done. The texts name only participants the user may see at this moment.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.access import my_meetings
from meetings.models import HistoryReview, Meeting, MeetingKind, MeetingStatus, Recommendation
from meetings.recommendations import access as recommendation_access
from participants import outcomes
from participants.access import access_requests_to_answer, visible_participants
from participants.models import ENDED, Consent, SecrecyWaiver, Status
from participants.tasks import visible_tasks


@dataclass(frozen=True)
class Item:
    kind: str
    text: str
    url: str
    due: date  # when it became (or becomes) due: the list is sorted by it, oldest first


Found = tuple[list[Item], int]  # the first `limit` items of a rule, and how many it has in all


def take(rows: QuerySet, limit: int | None) -> tuple[list, int]:
    """The first `limit` rows (all when None) and the number of rows in all, in one query."""
    if limit is None:
        found = list(rows)
        return found, len(found)
    found = list(rows.annotate(rule_total=Window(Count("pk")))[:limit])
    return found, found[0].rule_total if found else 0


def my_participants(user):
    return visible_participants(user).filter(responsible__user=user).exclude(status__in=ENDED)


def local_date(moment: datetime) -> date:
    return timezone.localdate(moment)


def outcomes_missing(user, now, limit) -> Found:
    """A meeting the user booked or attends has ended and is still "booked"."""
    meetings = my_meetings(user).filter(status=MeetingStatus.BOOKED, ends_at__lt=now).select_related("participant")
    rows, total = take(meetings.order_by("ends_at"), limit)  # the order of the partial index on booked meetings
    return [
        Item(_("Utfall saknas"),
             _("Registrera utfallet av %(kind)s med %(name)s den %(day)s.") % {
                 "kind": m.get_kind_display().lower(), "name": m.participant.display_name,
                 "day": local_date(m.starts_at).isoformat()},
             reverse("meetings:outcome", args=[m.pk]), local_date(m.ends_at))
        for m in rows
    ], total  # fmt: skip


def recommendations_missing(user, today, limit) -> Found:
    """A multi-party meeting was held more than N days ago and no recommendation has been written since."""
    days = settings.TODO_RECOMMENDATION_DAYS
    latest_held = Meeting.objects.filter(participant=OuterRef("pk"), kind=MeetingKind.MULTI_PARTY,
                                         status=MeetingStatus.HELD).order_by("-starts_at")  # fmt: skip
    since = Recommendation.objects.filter(participant=OuterRef("pk"), created_at__gte=OuterRef("held_at"))
    participants = (
        my_participants(user)
        .annotate(held_at=latest_held.values("starts_at")[:1], held_id=latest_held.values("pk")[:1])
        .filter(held_at__lt=timezone.now() - timedelta(days=days))
        .exclude(Exists(since))
    )
    rows, total = take(participants.order_by("held_at"), limit)
    return [
        Item(_("Rekommendation saknas"),
             _("Flerpartsmötet med %(name)s hölls %(day)s; ingen rekommendation är skriven.") % {
                 "name": p.display_name, "day": local_date(p.held_at).isoformat()},
             reverse("meetings:recommendation_create", args=[p.pk]) + f"?mote={p.held_id}",
             local_date(p.held_at) + timedelta(days=days))
        for p in rows
    ], total  # fmt: skip


def reviews_missing(user, now, limit) -> Found:
    """A multi-party meeting within 7 days that the user books or attends, and their organisation has no
    history review of the participant (each organisation with access writes its own)."""
    reviewed = HistoryReview.objects.filter(participant=OuterRef("participant_id"), organisation=user.organisation)
    meetings = (
        my_meetings(user)
        .filter(
            kind=MeetingKind.MULTI_PARTY,
            status=MeetingStatus.BOOKED,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=7),
        )  # fmt: skip
        .exclude(Exists(reviewed))
        .select_related("participant")
    )
    rows, total = take(meetings.order_by("starts_at"), limit)
    return [
        Item(_("Genomlysning saknas"),
             _("Gör genomlysningen av %(name)s (%(org)s) före flerpartsmötet %(day)s.") % {
                 "org": user.organisation.short_name, "name": m.participant.display_name,
                 "day": local_date(m.starts_at).isoformat()},
             reverse("meetings:review_create", args=[m.participant_id]), local_date(m.starts_at) - timedelta(days=7))
        for m in rows
    ], total  # fmt: skip


def waivers_ending(user, today, limit) -> Found:
    """A secrecy waiver of the user's participant ends within 14 days."""
    waivers = (
        SecrecyWaiver.objects.active(today)
        .filter(participant__in=my_participants(user), valid_to__lte=today + timedelta(days=14))
        .select_related("participant", "organisation")
    )
    rows, total = take(waivers.order_by("valid_to"), limit)
    return [
        Item(_("Sekretessgenombrott upphör"),
             _("Sekretessgenombrottet för %(name)s mot %(org)s gäller till %(day)s.") % {
                 "name": w.participant.display_name, "org": w.organisation.short_name, "day": w.valid_to.isoformat()},
             reverse("participants:detail", args=[w.participant_id]) + "#samtycke", w.valid_to - timedelta(days=14))
        for w in rows
    ], total  # fmt: skip


def follow_ups_due(user, today, limit) -> Found:
    due = recommendation_access.mine(recommendation_access.follow_up_due(user, today), user)
    # Participants fetched by id: joined here, PostgreSQL misjudged `mine` and read the register.
    rows, total = take(due.select_related("category").prefetch_related("participant").order_by("follow_up_on"), limit)
    return [
        Item(_("Uppföljning"),
             _("Följ upp ”%(category)s” för %(name)s (uppföljning %(day)s).") % {
                 "category": r.category.name, "name": r.participant.display_name, "day": r.follow_up_on.isoformat()},
             reverse("meetings:recommendation", args=[r.pk]), r.follow_up_on)
        for r in rows
    ], total  # fmt: skip


def access_requests_waiting(user, today, limit) -> Found:
    """Another organisation asks for access to a participant the user's organisation registered and the
    user is responsible for."""
    waiting = access_requests_to_answer(user).filter(participant__in=my_participants(user))
    waiting = waiting.select_related("participant", "organisation")
    rows, total = take(waiting.order_by("requested_at"), limit)
    return [
        Item(_("Begäran om åtkomst"),
             _("%(org)s ber om åtkomst till %(name)s.") % {"org": r.organisation.short_name,
                                                             "name": r.participant.display_name},
             reverse("participants:detail", args=[r.participant_id]) + "#begaran", local_date(r.requested_at))
        for r in rows
    ], total  # fmt: skip


def tasks_assigned(user, today, limit) -> Found:
    """Manual tasks assigned to the user that are not done, on participants the user may see."""
    open_tasks = visible_tasks(user).filter(assigned_to=user, done_at=None).select_related("participant")
    rows, total = take(open_tasks.order_by("due_on"), limit)
    return [
        Item(_("Uppgift"),
             _("%(title)s – %(name)s (senast %(day)s).") % {
                 "title": t.title, "name": t.participant.display_name, "day": t.due_on.isoformat()},
             reverse("participants:detail", args=[t.participant_id]) + "#egna-uppgifter", t.due_on)
        for t in rows
    ], total  # fmt: skip


def meetings_not_booked(user, today, limit) -> Found:
    """Consent was given more than N days ago, and no multi-party meeting is booked or held."""
    days = settings.TODO_CONSENT_DAYS
    consent = Consent.objects.active().filter(participant=OuterRef("pk")).order_by("-given_on")
    multi_party = Meeting.objects.filter(participant=OuterRef("pk"), kind=MeetingKind.MULTI_PARTY,
                                         status__in=[MeetingStatus.BOOKED, MeetingStatus.HELD])  # fmt: skip
    participants = (
        my_participants(user)
        .filter(status__in=[Status.CONSENTED, Status.REVIEWED])
        .annotate(consent_on=consent.values("given_on")[:1])
        .filter(consent_on__lte=today - timedelta(days=days))
        .exclude(Exists(multi_party))
    )
    rows, total = take(participants.order_by("consent_on"), limit)
    return [
        Item(_("Möte inte bokat"),
             _("%(name)s gav sitt samtycke %(day)s; inget flerpartsmöte är bokat.") % {
                 "name": p.display_name, "day": p.consent_on.isoformat()},
             reverse("meetings:create", args=[p.pk]), p.consent_on + timedelta(days=days))
        for p in rows
    ], total  # fmt: skip


def registration_outcomes_missing(user, today, limit) -> Found:
    """The user's own participant has no occupation and support recorded at registration."""
    rows, total = take(outcomes.registration_outcome_missing(user).order_by("registered_on", "pk"), limit)
    return [
        Item(_("Sysselsättning vid anmälan saknas"),
             _("Registrera sysselsättning och försörjning vid anmälan för %(name)s (anmäld %(day)s).") % {
                 "name": p.display_name, "day": p.registered_on.isoformat()},
             reverse("participants:outcome", args=[p.pk, outcomes.REGISTRATION.slug]), p.registered_on)
        for p in rows
    ], total  # fmt: skip


def outcome_follow_ups_due(user, today, limit) -> Found:
    """The user's own closed participant's follow-up month has come (closed_on + N months ≤ today) and it is not
    recorded: one query per follow-up month (settings.FOLLOW_UP_MONTHS), however many participants."""
    items, total = [], 0
    for moment in outcomes.follow_ups():
        rows, count = take(outcomes.follow_up_due(user, today, moment).order_by("closed_on", "pk"), limit)
        items += [
            Item(_("Uppföljning efter avslut"),
                 _("Följ upp sysselsättning och försörjning för %(name)s %(months)s månader efter avslutet "
                   "(avslutad %(day)s).") % {"name": p.display_name, "months": moment.months_after,
                                             "day": p.closed_on.isoformat()},
                 reverse("participants:outcome", args=[p.pk, moment.slug]),
                 outcomes.add_months(p.closed_on, moment.months_after))
            for p in rows
        ]  # fmt: skip
        total += count
    return items, total


def todo(user, limit: int | None = None) -> list[Item]:
    """Everything the user has to do (or the `limit` most overdue), the longest overdue first."""
    return todo_head(user, limit)[0]


def todo_head(user, limit: int | None) -> tuple[list[Item], int]:
    """The `limit` most overdue items, and how many there are in all: the start page shows a few and
    counts the rest without building an item for each."""
    now = timezone.now()
    today = timezone.localdate()
    rules = [(outcomes_missing, now), (recommendations_missing, today), (reviews_missing, now),
             (waivers_ending, today), (follow_ups_due, today), (access_requests_waiting, today),
             (meetings_not_booked, today), (tasks_assigned, today), (registration_outcomes_missing, today),
             (outcome_follow_ups_due, today)]  # fmt: skip
    items, total = [], 0
    for rule, moment in rules:
        found, count = rule(user, moment, limit)
        items += found
        total += count
    items.sort(key=lambda item: item.due)
    return items[:limit], total
