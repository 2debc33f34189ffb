"""SUS (the Finsam measures' shared follow-up system): every column name and code of the SUS export, in one place.

TO BE CHECKED AGAINST THE CURRENT SUS MANUAL. We had no access to the manual when this was written. The column
names are plain Swedish descriptions of what SUS registers for a participant (in and out, gender, age, education,
support and occupation before and after, reason for leaving), and the values are Insikt's own labels mapped to the
nearest category we expect SUS to have, never SUS's own codes. Whoever registers in SUS checks each mapping below
against the manual and corrects it here; nothing else in Insikt knows SUS's names.

Who is identified: SUS registers a participant by personnummer (or samordningsnummer). A row carries the number
only when the participant's active consent says yes to SUS registration, the person has no protected identity
(sekretessmarkering or skyddad folkbokföring), has a number at all, and is not anonymised. Every other row is
anonymous: no number, no name, no birth date. We do not know whether SUS's registration of anonymous participants
takes gender and birth year, so an anonymous row leaves them out too (ANONYMOUS_KEEPS_GENDER_AND_BIRTH_YEAR);
turn it on only once the manual says SUS takes them.
"""

from django.utils.translation import gettext_lazy as _

from participants.models import ClosingReason, EducationLevel, Gender, Occupation, Status, Support

NOTE = _("Kolumnnamn och koder ska kontrolleras mot den aktuella SUS-manualen.")

# Unsure whether SUS's anonymous registration takes them: left out until the manual says so.
ANONYMOUS_KEEPS_GENDER_AND_BIRTH_YEAR = False

# The columns, in order. Personnummer is empty on an anonymous row.
COLUMNS = [
    _("Personnummer"),
    _("Anonym"),
    _("Inskrivningsdatum"),
    _("Utskrivningsdatum"),
    _("Kön"),
    _("Födelseår"),
    _("Utbildningsnivå"),
    _("Försörjning före"),
    _("Försörjning efter"),
    _("Sysselsättning före"),
    _("Sysselsättning efter"),
    _("Avslutsorsak"),
]

GENDER = {Gender.WOMAN: _("Kvinna"), Gender.MAN: _("Man")}

EDUCATION = {
    EducationLevel.PRIMARY_SHORT: _("Förgymnasial utbildning kortare än 9 år"),
    EducationLevel.PRIMARY: _("Förgymnasial utbildning 9 (10) år"),
    EducationLevel.SECONDARY: _("Gymnasial utbildning"),
    EducationLevel.POST_SECONDARY_SHORT: _("Eftergymnasial utbildning kortare än 3 år"),
    EducationLevel.POST_SECONDARY: _("Eftergymnasial utbildning 3 år eller längre"),
    EducationLevel.UNKNOWN: _("Uppgift saknas"),
}

SUPPORT = {
    Support.SALARY: _("Lön"),
    Support.ACTIVITY_SUPPORT: _("Aktivitetsstöd/utvecklingsersättning"),
    Support.SOCIAL_ASSISTANCE: _("Ekonomiskt bistånd"),
    Support.SICKNESS_BENEFIT: _("Sjukpenning/rehabiliteringsersättning"),
    Support.ACTIVITY_COMPENSATION: _("Aktivitets-/sjukersättning"),
    Support.STUDENT_AID: _("Studiemedel"),
    Support.OTHER: _("Annan försörjning"),
    Support.NONE: _("Ingen egen försörjning"),
}

OCCUPATION = {
    Occupation.WORK: _("Arbete utan stöd"),
    Occupation.WORK_WITH_SUPPORT: _("Arbete med stöd"),
    Occupation.STUDIES: _("Studier"),
    Occupation.JOBSEEKING: _("Arbetssökande"),
    Occupation.SICK_LEAVE: _("Sjukskriven"),
    Occupation.OTHER_MEASURE: _("Annan insats"),
    Occupation.OTHER: _("Annan sysselsättning"),
}

# Insikt's closing reason → SUS's reason for leaving (avslutsorsak).
REASON_FOR_LEAVING = {
    ClosingReason.RECOMMENDATION_HANDED_OVER: _("Insatsen genomförd"),
    ClosingReason.DECLINED: _("Avbrutit på egen begäran"),
    ClosingReason.MOVED: _("Flyttat"),
    ClosingReason.EMPLOYED: _("Arbete"),
    ClosingReason.STUDIES: _("Studier"),
    ClosingReason.JOBSEEKING: _("Arbetssökande"),
    ClosingReason.SICK_LEAVE: _("Sjukskrivning"),
    ClosingReason.OTHER: _("Annan orsak"),
}

# Left before closing: the status "avböjt" or "avbrutet" (consent withdrawn, or ended by hand) → avslutsorsak.
REASON_FOR_LEAVING_EARLY = {
    Status.DECLINED: _("Avbrutit på egen begäran"),
    Status.ABORTED: _("Avbrutit"),
}


def label(mapping: dict, value: str) -> str:
    """The SUS label of one of Insikt's values; empty when nothing is recorded."""
    return str(mapping[value]) if value else ""


def supports(values) -> str:
    """Several sources of support in one cell, in the order of SUPPORT."""
    return ", ".join(str(text) for code, text in SUPPORT.items() if code in set(values))
