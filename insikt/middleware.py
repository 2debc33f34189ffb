import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import render
from django.utils import timezone


class SessionEndsAtMidnightMiddleware:
    """Signs the user out when the day they signed in on is over (Stockholm time), and keeps an active
    session alive.

    Inactivity is handled by SESSION_COOKIE_AGE: the session's expiry moves forward whenever it is saved.
    Saving it on every request would cost every page a database write, so an active session is saved
    at most once per SESSION_TOUCH_SECONDS; the idle timeout is then exact to within that interval.
    """

    KEY = "signed_in_on"
    TOUCHED = "touched_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            today = timezone.localdate().isoformat()
            signed_in_on = request.session.get(self.KEY)
            if signed_in_on is None:
                request.session[self.KEY] = today
            elif signed_in_on != today:
                logout(request)
                return self.get_response(request)
            now = int(time.time())
            if now - request.session.get(self.TOUCHED, 0) >= settings.SESSION_TOUCH_SECONDS:
                request.session[self.TOUCHED] = now
        return self.get_response(request)


def session_touched_at_sign_in(sender, request, user, **kwargs):
    """Signing in saves the session anyway: note the day and the touch now, so the next page need not write it."""
    request.session[SessionEndsAtMidnightMiddleware.KEY] = timezone.localdate().isoformat()
    request.session[SessionEndsAtMidnightMiddleware.TOUCHED] = int(time.time())


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared size is over MAX_REQUEST_BYTES before anything reads its body.

    Uploads are at most 5 MB (checked again on the form field); the reverse proxy has the same limit
    (docs/drift.md), so that an oversize upload never reaches the application at all in production.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            return render(request, "413.html", {"limit_mb": limit}, status=413)
        return self.get_response(request)
