"""The stable pseudonym of a participant in the evaluator's exports: the same person, the same pseudonym, always."""

import hashlib
import hmac
from functools import cache

from django.conf import settings

LENGTH = 16  # hex digits: 64 bits, far from a collision at the project's size, short enough to read


@cache
def key(secret_key: str, pseudonym_key: str) -> bytes:
    """PSEUDONYM_KEY, or a key derived from SECRET_KEY (never SECRET_KEY itself, which signs sessions)."""
    if pseudonym_key:
        return pseudonym_key.encode()
    return hmac.new(secret_key.encode(), b"insikt:evaluator-pseudonym", hashlib.sha256).digest()


def pseudonym(participant_id) -> str:
    """HMAC-SHA256 of the participant's UUID: without the key it cannot be turned back or recomputed."""
    secret = key(settings.SECRET_KEY, settings.PSEUDONYM_KEY)
    return hmac.new(secret, str(participant_id).encode(), hashlib.sha256).hexdigest()[:LENGTH]
