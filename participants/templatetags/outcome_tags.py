"""The participant page's "Sysselsättning och försörjning" section, in a fixed number of queries.

The participant view has checked access and written the read to the access log; this only reads."""

from django import template
from django.utils import timezone

from participants import outcomes

register = template.Library()


@register.inclusion_tag("participants/outcomes/_section.html")
def outcomes_section(participant, writable):
    today = timezone.localdate()
    # A follow-up is offered from its due day, so that a 12-month one is not recorded at 3 months by mistake.
    rows = [
        {"moment": moment, "outcome": outcome, "due_on": due_on,
         "may_record": writable and not outcomes.moment_error(participant, moment)
         and (outcome or not due_on or due_on <= today)}
        for moment, outcome, due_on in outcomes.moments_of(participant)
    ]  # fmt: skip
    return {"participant": participant, "rows": rows, "writable": writable}
