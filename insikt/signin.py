"""Sign-in lockout: per account and address together, with a separate, higher limit for an address alone.

django-axes compares one failure count with one limit. Counting per username alone would let anyone
lock a colleague out by guessing at their username; counting per address alone would let five wrong
guesses lock out everyone behind the same office address. So the count is the larger of the failures
for this username from this address and the address's failures scaled onto the same limit: the address
reaches the limit only after AXES_ADDRESS_FAILURE_LIMIT failures, whatever usernames were tried.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import ngettext


class StaffBackend(ModelBackend):
    """Django's model backend, reading the user's organisation in the same query: every page needs it."""

    def get_user(self, user_id):
        user = get_user_model()._default_manager.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class AccountAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        failures = 0
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if parameter == "ip_address":
                count = count * settings.AXES_FAILURE_LIMIT // settings.AXES_ADDRESS_FAILURE_LIMIT
            failures = max(failures, count)
        return failures


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page, saying how long in words ("15 minuter"), not as a time of day."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    text = ngettext("%(n)s minut", "%(n)s minuter", minutes) % {"n": minutes}
    return render(request, "registration/lockout.html", {"cooloff": text}, status=settings.AXES_HTTP_RESPONSE_CODE)
