from functools import wraps

from django.core.exceptions import PermissionDenied


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
