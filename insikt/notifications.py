"""Notifications in the app: written by the apps' services when something happens that concerns someone.

The text is fixed when it is written, so it names a person only if the recipient may see them at that
moment; after a withdrawal it names no one. A notification never reaches the person who caused it.
Users who turned e-mail on also get a short e-mail with a link (insikt.jobs), queued in the same
transaction as the notification: rolled back together, sent by the worker once committed.
"""

from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone

from insikt.jobs import send_notification_email, wanting_email
from insikt.models import Notification


def notify(users, text: str, url: str = "", *, by=None) -> int:
    """One notification per user (each user once, never `by`); returns how many were written."""
    recipients = {user.pk for user in users if user is not None and (by is None or user.pk != by.pk)}
    Notification.objects.bulk_create(Notification(user_id=pk, text=text[:300], url=url) for pk in recipients)
    for user_id in wanting_email().filter(pk__in=recipients).values_list("pk", flat=True):
        send_notification_email.enqueue(user_id)
    return len(recipients)


def rename_in_notifications(old: str, new: str) -> int:
    """Write `new` for `old` in every notification that names it: a person given protected personal data is named
    by initials from then on, also in what was written before. Returns how many were changed."""
    return Notification.objects.filter(text__contains=old).update(text=Replace("text", Value(old), Value(new)))


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def open_notifications(user, limit: int = 100) -> list[Notification]:
    """The user's latest notifications, newest first, as they were before opening; all are read from now on."""
    shown = list(Notification.objects.filter(user=user)[:limit])
    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    return shown


def set_email_notifications(*, user, wanted: bool) -> bool:
    """E-mail on new notifications, only for a user with an address (their account administrator sets it).
    Returns whether e-mail is on now."""
    user.email_notifications = bool(user.email) and wanted
    user.save(update_fields=["email_notifications"])
    return user.email_notifications
