"""What a meeting page shows of the questionnaires: fill in, continue, or read the answers.

The caller has already checked that the user may see the meeting (its participant); nothing
here reads personal data beyond the meeting's own responses.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.models import MeetingKind, MeetingStatus
from questionnaire.models import Questionnaire, QuestionnaireVersion, Response, VersionStatus

# Meetings that did not take place (cancelled, no-show) get no new answers; saved answers stay readable.
NOT_HELD = {MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW}


def not_held_error(meeting) -> str | None:
    """Why no answers may be saved for the meeting (None: they may)."""
    if meeting.status in NOT_HELD:
        return _("Mötet blev inte av, så inga svar kan sparas för det.")
    return None


@dataclass
class MeetingQuestionnaire:
    questionnaire: Questionnaire
    response: Response | None
    fill_url: str | None
    view_url: str | None

    @property
    def status_label(self) -> str:
        if self.response is None:
            return _("Inte påbörjat")
        return self.response.get_status_display()


def responses_for_meeting(meeting) -> list[MeetingQuestionnaire]:
    """One entry per questionnaire that is published or already answered at this meeting (two queries)."""
    if meeting.kind != MeetingKind.MULTI_PARTY:
        return []
    responses = {
        r.questionnaire_id: r for r in Response.objects.filter(meeting=meeting).select_related("questionnaire")
    }
    published = {
        v.questionnaire_id: v.questionnaire
        for v in QuestionnaireVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related("questionnaire")
    }
    questionnaires = {**{pk: r.questionnaire for pk, r in responses.items()}, **published}
    entries = []
    for pk, questionnaire in sorted(questionnaires.items(), key=lambda item: item[1].name):
        response = responses.get(pk)
        can_fill = pk in published and meeting.status not in NOT_HELD and not (response and response.is_completed)
        entries.append(
            MeetingQuestionnaire(
                questionnaire=questionnaire,
                response=response,
                fill_url=reverse("questionnaire:answer", args=[meeting.pk, pk]) if can_fill else None,
                view_url=reverse("questionnaire:response", args=[meeting.pk, pk]) if response else None,
            )
        )
    return entries
