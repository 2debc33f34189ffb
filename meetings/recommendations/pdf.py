"""The hand-over document: what the receiving unit needs to act on a recommendation, and nothing more.

Name and personnummer are included only when the receiving organisation may receive them (it registered
the participant, or an active secrecy waiver names it) and the caseworker has not chosen that the
participant hands it over themselves. Health and social details from the history review are never included.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from insikt.pdf import render_pdf
from meetings.models import Recommendation
from meetings.recommendations.services import receiver_is_named


def includes_identity(recommendation: Recommendation) -> bool:
    """Never for a person with protected personal data: a document passed on is not where their name belongs."""
    participant = recommendation.participant
    if participant.has_protected_identity or recommendation.handed_over_by_participant:
        return False
    return receiver_is_named(participant, recommendation.receiving_organisation_id)


def handover_html(recommendation: Recommendation) -> str:
    participant = recommendation.participant
    identity = includes_identity(recommendation)
    return render_to_string(
        "meetings/handover.html",
        {
            "r": recommendation,
            "identity": identity,
            "protected": participant.has_protected_identity,
            "name": participant.full_name if identity else "",
            "personnummer": participant.formatted_personnummer if identity else "",
            "needs_interpreter": participant.needs_interpreter and identity,
            "language": participant.language if identity else "",
            "areas": [a.get_area_display() for a in recommendation.areas.all()],
            "contact": recommendation.created_by,
            "contact_organisation": recommendation.created_by.organisation,
            "printed_on": timezone.localdate(),
        },
    )


def handover_pdf(recommendation: Recommendation) -> bytes:
    return render_pdf(handover_html(recommendation))
