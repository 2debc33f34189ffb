"""Background work of the ground: the e-mail that tells a user there is something new in Insikt.

The e-mail carries no personal data, not even the notification's text (it may name a participant):
only how many unread notifications there are and a link. It is sent by the task worker, so a slow
or unreachable mail server never holds up the page that caused the notification.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from insikt.models import Notification, User


def wanting_email():
    """Active users who turned e-mail on and have an address."""
    return User.objects.filter(is_active=True, email_notifications=True).exclude(email="")


@task()
def send_notification_email(user_id: int) -> bool:
    """E-mail the user about their unread notifications, if they still want e-mail; True if one was sent."""
    user = wanting_email().filter(pk=user_id).first()
    unread = Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
    if user is None or not unread:
        return False
    link = settings.INSIKT_URL + reverse("notifications")
    body = "\n\n".join([
        ngettext("Du har %(count)d oläst avisering i Insikt.", "Du har %(count)d olästa aviseringar i Insikt.",
                 unread) % {"count": unread},
        _("Logga in för att läsa dem: %(link)s") % {"link": link},
        _("Meddelandet innehåller inga uppgifter om deltagare. Du kan stänga av e-posten på sidan Aviseringar."),
    ])  # fmt: skip
    send_mail(_("Ny avisering i Insikt"), body, None, [user.email])
    return True
