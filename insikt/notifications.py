"""Notifications in the app: written by the apps' services when something happens that concerns someone.

The text is fixed when it is written, so it names a person only if the recipient may see them at that
moment; after a withdrawal it names no one. A notification never reaches the person who caused it.
Users who turned e-mail on also get a short e-mail with a link (insikt.jobs), queued in the same
transaction as the notification: rolled back together, sent by the worker once committed.
"""

from insikt.jobs import send_notification_email, wanting_email
from insikt.models import Notification


def notify(users, text: str, url: str = "", *, by=None) -> int:
    """One notification per user (each user once, never `by`); returns how many were written."""
    recipients = {user.pk for user in users if user is not None and (by is None or user.pk != by.pk)}
    Notification.objects.bulk_create(Notification(user_id=pk, text=text[:300], url=url) for pk in recipients)
    for user_id in wanting_email().filter(pk__in=recipients).values_list("pk", flat=True):
        send_notification_email.enqueue(user_id)
    return len(recipients)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
