from django.contrib.auth import logout
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
