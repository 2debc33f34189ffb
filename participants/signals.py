"""What other apps may hear about from here without this app knowing them (they import this, not the reverse)."""

from django.dispatch import Signal

# Sent after a secrecy waiver is withdrawn and access follows (kwargs: waiver, by). The meetings app answers
# with the notification that names how many of the organisation's booked meetings are affected.
waiver_withdrawn = Signal()

# Sent after a participant is closed (kwargs: participant, by, cancel_meetings): the meetings app cancels the
# booked meetings ahead when the caseworker asked for it.
participant_closed = Signal()
