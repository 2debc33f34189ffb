"""Optimistic locking, one mechanism for every record that forms edit.

A form carries the version of the record it was opened on; saving claims the next version with one
compare-and-set UPDATE, so only the first writer from a version gets through and nothing is silently
overwritten. Records that also remember the one-time token of the form that last wrote them
(`request_token`) tell a repeated submit of the same form (AlreadySaved) from someone else's change.
"""


class ConcurrentEditError(Exception):
    """Someone else saved the record after this form was opened.

    A service that knows more says so: `saved` is the record as saved now, `differing` what in it differs
    from the form (a questionnaire response names its questions, see questionnaire/services.py).
    """

    def __init__(self, *args, saved=None, differing=()):
        super().__init__(*args)
        self.saved, self.differing = saved, list(differing)


class AlreadySaved(Exception):
    """The same form was submitted again (double click, back button) after its first submit went through."""


def claim_version(record, expected_version: int | None, token=None) -> None:
    """Move `record` to the next version if it is still at `expected_version`; raise otherwise."""
    model = type(record)
    remembers_token = any(f.name == "request_token" for f in model._meta.fields)
    if model.objects.filter(pk=record.pk, version=expected_version).update(version=(expected_version or 0) + 1):
        record.version = expected_version + 1
        if remembers_token:
            record.request_token = token
        return
    if token and remembers_token and model.objects.filter(pk=record.pk, request_token=token).exists():
        raise AlreadySaved
    raise ConcurrentEditError
