from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import render
from django.utils import timezone


class SessionEndsAtMidnightMiddleware:
    """Signs the user out when the day they signed in on is over (Stockholm time).

    Inactivity is handled by SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST; this adds
    the rule that no session survives into the next working day.
    """

    KEY = "signed_in_on"

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
