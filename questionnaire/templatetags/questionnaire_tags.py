from django import template

from questionnaire.meeting import responses_for_meeting

register = template.Library()


@register.inclusion_tag("questionnaire/_meeting_responses.html")
def meeting_questionnaires(meeting):
    """{% meeting_questionnaires meeting %}: the questionnaire links for a meeting page whose access is checked."""
    return {"questionnaire_entries": responses_for_meeting(meeting)}
