"""An RFC 5545 calendar file for one meeting, written by hand: small, and nothing in it names the person.

The summary says what kind of meeting it is; the description links back to Insikt, where the reader
must sign in and pass the access check to see who the meeting is with.
"""

from datetime import UTC, datetime

from django.utils.translation import gettext as _

from meetings.models import Meeting, MeetingStatus

MAX_OCTETS = 75


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    chunks, current, size = [], "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            # A continuation line starts with one space, which counts towards its 75 octets.
            current, size, limit = char, width, MAX_OCTETS - 1
        else:
            current += char
            size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_calendar(meeting: Meeting, *, url: str, now: datetime, with_location: bool = True) -> str:
    """`with_location` False: the place and video link are left out (meetings.access.location_hidden)."""
    summary = _("%(kind)s (Insikt)") % {"kind": meeting.get_kind_display()}
    description = [_("Mötet i Insikt: %(url)s") % {"url": url}]
    if meeting.video_link and with_location:
        description.append(_("Videolänk: %(link)s") % {"link": meeting.video_link})
    location = (meeting.place or meeting.video_link) if with_location else ""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Projekt Insikt//Insikt//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{meeting.pk}@insikt",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        # Each change raises the version, so a calendar that imports the file again replaces the old entry.
        f"SEQUENCE:{meeting.version}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(location)}",
        f"DESCRIPTION:{escape(chr(10).join(description))}",
        f"URL:{url}",
        "CLASS:PRIVATE",
        f"STATUS:{'CANCELLED' if meeting.status == MeetingStatus.CANCELLED else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
