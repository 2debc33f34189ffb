from functools import wraps

from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache


def role_required(*roles):
    """The view is for these roles only; anyone else gets 403 (and never a glimpse of data)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles or not request.user.organisation_id:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def works_with_participants(view):
    """Caseworkers and the project leader; never the steering group."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.works_with_participants:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def participant_view(view):
    """A page about participants: caseworkers and the project leader only, never kept by browser or proxy."""
    return never_cache(works_with_participants(view))
