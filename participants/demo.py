"""Demo participants: deterministic, idempotent, fast enough for 5,000 (bulk inserts).

Personnummer are made in the series Skatteverket uses for its published test personnummer
(birth numbers 980–999, valid check digit), so that no real person's number is used.
"""

import random
from datetime import date, timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone
from stdnum import luhn

from insikt.models import Organisation, User
from participants import personnummer
from participants.demo_outcomes import demo_outcomes, save_outcomes
from participants.models import (
    FLOW,
    Benefit,
    ClosingReason,
    Consent,
    ConsentForm,
    ConsentWithdrawal,
    District,
    EducationLevel,
    Gender,
    IdentityKind,
    Participant,
    ParticipantGroupObjectPermission,
    ProtectedIdentity,
    ResponsibleCaseworker,
    SecrecyWaiver,
    Status,
    StatusChange,
    WaiverWithdrawal,
    gender_from_number,
)

# The target group's education, roughly: most with compulsory school or less, some upper secondary.
EDUCATION_CYCLE = [EducationLevel.PRIMARY, EducationLevel.PRIMARY_SHORT, EducationLevel.SECONDARY,
                   EducationLevel.PRIMARY, EducationLevel.UNKNOWN, EducationLevel.SECONDARY,
                   EducationLevel.POST_SECONDARY_SHORT]  # fmt: skip
# By the gender the number gives (odd second-to-last digit: a man), so that no "Anna" is registered as a man.
FIRST_NAMES = {
    Gender.WOMAN: ["Amina", "Anna", "Birgitta", "Elin", "Fatima", "Hanna", "Ida", "Karin", "Leila", "Maria",
                   "Nadia", "Rania", "Sofia", "Ulla", "Zeynep"],
    Gender.MAN: ["Ali", "Bashir", "Dragan", "Emir", "Goran", "Hassan", "Jonas", "Lars", "Marko", "Mats",
                 "Nils", "Omar", "Samir", "Tomas", "Yusuf"],
}  # fmt: skip
LAST_NAMES = [
    "Andersson", "Berglund", "Begović", "Dahl", "Ekström", "Hadžić", "Hassan", "Holm", "Ibrahim", "Jansson",
    "Karlsson", "Kovač", "Lindqvist", "Mohammed", "Nilsson", "Nordin", "Olsson", "Persson", "Petrović", "Sandberg",
    "Svensson", "Yilmaz", "Öberg", "Åkesson",
]  # fmt: skip
LANGUAGES = ["svenska", "svenska", "svenska", "arabiska", "bosniska", "somaliska", "persiska", "turkiska"]
# Every status occurs; declined and aborted more rarely than the main flow.
STATUS_CYCLE = [*FLOW, Status.INFORMED, Status.CONSENTED, Status.MEETING_HELD, Status.DECLINED, Status.ABORTED]
PERMS = ("view_participant", "change_participant")
CLOSED_AFTER_DAYS = 95
# Mostly a handed-over recommendation, as in the project's plan; the other reasons occur too.
CLOSING_REASONS = [ClosingReason.RECOMMENDATION_HANDED_OVER, ClosingReason.RECOMMENDATION_HANDED_OVER,
                   ClosingReason.EMPLOYED, ClosingReason.RECOMMENDATION_HANDED_OVER, ClosingReason.MOVED,
                   ClosingReason.DECLINED, ClosingReason.OTHER]  # fmt: skip


def demo_personnummer(index: int) -> str:
    """The index-th demo personnummer: 12 digits, birth number 980–999, valid check digit."""
    # 7919 is prime to 12000, so the first 12,000 indices get 12,000 different birth dates (1962–1994).
    born = date(1962, 1, 1) + timedelta(days=index * 7919 % 12000)
    # The birth number moves with the index, so that its last digit (odd: a man) alternates and the demo has
    # women and men; indices 12,000 apart share a birth date and differ in the birth number (240,000 in all).
    serial = 980 + (index // 12000 + index) % 20
    body = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y}"[:2] + body + luhn.calc_check_digit(body)


# Every 90 participants, a few whose identity is special (issue 16), in the named caseworkers' caseloads
# (the first 80 of the series) of both organisations: protected personal data (lists show initials, no address
# is stored), a samordningsnummer, and neither number (a stated birth date and the reason instead).
SPECIAL_EVERY = 90
PROTECTED = {14: ProtectedIdentity.CONFIDENTIALITY_MARK, 57: ProtectedIdentity.PROTECTED_REGISTRATION}
COORDINATION = {21, 40}
WITHOUT_NUMBER = {33: "Nyanländ, väntar på samordningsnummer.", 64: "Har inte fått samordningsnummer ännu."}


def coordination_number(number: str) -> str:
    """The samordningsnummer of the same birth date and birth number: the day plus 60, a new check digit."""
    body = f"{number[2:6]}{int(number[6:8]) + 60}{number[8:11]}"
    return number[:2] + body + luhn.calc_check_digit(body)


def demo_identity(index: int) -> str | None:
    """The index-th demo participant's number: mostly demo_personnummer, now and then a samordningsnummer, or
    None for a person with neither number."""
    number = demo_personnummer(index)
    if index % SPECIAL_EVERY in WITHOUT_NUMBER:
        return None
    return coordination_number(number) if index % SPECIAL_EVERY in COORDINATION else number


def set_identity(p: Participant, index: int) -> None:
    """The identity kind, the protection (no address then) and, without a number, the birth date and reason."""
    position = index % SPECIAL_EVERY
    if position in COORDINATION:
        p.identity_kind = IdentityKind.COORDINATION_NUMBER
    if position in WITHOUT_NUMBER:
        p.identity_kind = IdentityKind.NONE
        p.stated_birth_date = personnummer.birth_date(demo_personnummer(index))
        p.no_number_reason = WITHOUT_NUMBER[position]
        p.gender = gender_from_number(demo_personnummer(index))  # stated at registration, as the form asks
    if position in PROTECTED:
        p.protected_identity = PROTECTED[position]
        p.address = ""


def demo_key(p: Participant):
    """What tells a demo participant already seeded: the number, or (birth date, name) for one without."""
    return p.personnummer or (p.stated_birth_date, p.first_name, p.last_name)


# Participants per demo caseworker, whatever the size of the demo: a real caseload is a few dozen, and a
# start page measured on one caseworker with thousands would measure the demo, not Insikt.
CASELOAD = 40
LEADS = {Organisation.AF: "af.handlaggare", Organisation.AMA: "malmo.handlaggare"}


def team_member(staff: dict, org_code: str, team: int):
    """The demo caseworker of the organisation in team `team`: the named demo user first, then colleagues
    (`af.handlaggare-lag2`, …) with the same password, created when first needed and added to `staff`."""
    lead = staff[LEADS[org_code]]
    if team == 0:
        return lead
    username = f"{lead.username}-lag{team + 1}"
    if username not in staff:
        staff[username] = User.objects.filter(username=username).first() or User.objects.create(
            username=username, first_name=lead.first_name, last_name=f"{lead.last_name} (lag {team + 1})",
            email=f"{username}@example.org", organisation=lead.organisation, role=lead.role, password=lead.password,
        )  # fmt: skip
    return staff[username]


def team_of(user) -> int:
    return int(user.username.rsplit("-lag", 1)[1]) - 1 if "-lag" in user.username else 0


def seed_participants(count: int, staff: dict) -> int:
    """Create the demo participants that are missing; returns how many were created."""
    rng = random.Random(20230118)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    orgs = {o.code: o for o in Organisation.objects.all()}
    numbers = [demo_identity(i) for i in range(count)]
    existing = set(Participant.objects.filter(personnummer__in=numbers).values_list("personnummer", flat=True))
    unnumbered = Participant.objects.filter(identity_kind=IdentityKind.NONE, anonymised_at__isnull=True)
    existing |= set(unnumbered.values_list("stated_birth_date", "first_name", "last_name"))
    planned = [demo_person(index, rng, today, orgs) for index in range(count)]
    planned = [(index, p, plan) for index, (p, plan) in enumerate(planned) if demo_key(p) not in existing]
    participants = [p for _i, p, _plan in planned]
    Participant.objects.bulk_create(participants, batch_size=1000)

    perm_ids = dict(
        Permission.objects.filter(content_type__app_label="participants", codename__in=PERMS).values_list(
            "codename", "pk"
        )
    )
    rows = {"statuses": [], "responsible": [], "consents": [], "waivers": [], "grants": [], "outcomes": []}
    for index, p, plan in planned:
        by = team_member(staff, plan["org"], index // 2 // CASELOAD)
        path = flow_path(p.status)
        rows["statuses"].extend(status_history(p, path, by))
        p.status_reason = rows["statuses"][-1].reason
        rows["responsible"].append(ResponsibleCaseworker(participant=p, organisation=orgs[plan["org"]], user=by))
        rows["outcomes"].extend(demo_outcomes(index, p, by, today))
        granted = {plan["org"]}
        if Status.CONSENTED in path or p.status == Status.ABORTED:
            granted |= consent_and_waivers(p, plan["org"], index, by, today, orgs, rows)
        rows["grants"].extend(
            ParticipantGroupObjectPermission(
                content_object=p, group_id=orgs[code].group_id, permission_id=perm_ids[perm]
            )
            for code in granted
            for perm in PERMS
        )
    Participant.objects.bulk_update(participants, ["status_reason"], batch_size=1000)
    save_rows(rows, today)
    return len(participants)


def demo_person(index: int, rng: random.Random, today, orgs) -> tuple[Participant, dict]:
    """One fictional person (not saved) and the plan the later steps follow."""
    plan = {
        "org": Organisation.AF if index % 2 == 0 else Organisation.AMA,
        "status": STATUS_CYCLE[index % len(STATUS_CYCLE)],
        "outside": index % 15 == 7,
    }
    registered_on = today - timedelta(days=rng.randint(5, 330))
    benefit = rng.choice(list(Benefit))
    names = FIRST_NAMES[gender_from_number(demo_personnummer(index))]
    p = Participant(
        personnummer=demo_identity(index),
        # As many draws as the former choice among 30 names, so that the rest of the demo stays as it was.
        first_name=names[rng.randrange(30) % len(names)],
        last_name=rng.choice(LAST_NAMES),
        phone=f"070-174 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}",  # PTS's series for fiction
        email="",
        address=f"Exempelgatan {rng.randint(1, 80)}, Malmö",
        district=rng.choice([d for d in District if d != District.OUTSIDE]),
        language=rng.choice(LANGUAGES),
        benefit=benefit,
        registered_on=registered_on,
        af_registered_on=registered_on - timedelta(days=rng.randint(3700, 7300)),
        job_entered_on=registered_on
        - timedelta(days=rng.randint(300, 420) if plan["outside"] else rng.randint(460, 1800)),
        registering_organisation=orgs[plan["org"]],
        status=plan["status"],
        education_level=EDUCATION_CYCLE[index % len(EDUCATION_CYCLE)],  # no draw: the rest stays as it was
    )
    if p.status == Status.CLOSED:
        # After the follow-up meeting (meetings.demo: about 90 days after registration), every reason in turn.
        p.closed_on = min(registered_on + timedelta(days=CLOSED_AFTER_DAYS), today)
        p.closing_reason = CLOSING_REASONS[index // len(STATUS_CYCLE) % len(CLOSING_REASONS)]
    p.needs_interpreter = p.language != "svenska" and rng.random() < 0.6
    set_identity(p, index)
    if plan["outside"]:
        p.outside_target_group_reason = "Stort behov av samordnat stöd trots kortare tid i garantin."
    p.compute_derived()
    return p, plan


def status_history(p: Participant, path: list[str], by) -> list[StatusChange]:
    """A week between the steps; the closing after the follow-up meeting; never in the future."""
    at = timezone.make_aware(timezone.datetime.combine(p.registered_on, timezone.datetime.min.time()))
    now = timezone.now()
    changes, previous = [], ""
    for step, status in enumerate(path):
        reason = {Status.DECLINED: "Vill inte delta.", Status.ABORTED: "Samtycket återkallades."}.get(status, "")
        if status == Status.CLOSED:
            reason = str(ClosingReason(p.closing_reason).label)
        changed_at = min(at + timedelta(days=CLOSED_AFTER_DAYS if status == Status.CLOSED else step * 7), now)
        changes.append(StatusChange(participant=p, from_status=previous, to_status=status, reason=reason,
                                    changed_by=by, changed_at=changed_at))  # fmt: skip
        previous = status
    return changes


def consent_and_waivers(p: Participant, org: str, index: int, by, today, orgs, rows) -> set[str]:
    """The consent and its waivers (active, expired or withdrawn); returns the organisations they open to."""
    given_on = min(p.registered_on + timedelta(days=7), today)
    # Most say yes to SUS, every fifth no: the SUS export has identified and anonymous rows (issue 16).
    consent = Consent(participant=p, given_on=given_on, form=ConsentForm.WRITTEN, sus_consent=index % 5 != 3,
                      recorded_by=by)  # fmt: skip
    rows["consents"].append((consent, p))
    other = Organisation.AMA if org == Organisation.AF else Organisation.AF
    named = [other] + ([Organisation.EB] if p.benefit == Benefit.SOCIAL_ASSISTANCE else [])
    kind = "withdrawn" if p.status == Status.ABORTED else ("expired" if index % 11 == 3 else "active")
    for code in named:
        valid_to = today - timedelta(days=2) if kind == "expired" else None
        valid_from = min(given_on, valid_to - timedelta(days=30)) if valid_to else given_on
        waiver = SecrecyWaiver(participant=p, organisation=orgs[code], valid_from=valid_from, valid_to=valid_to,
                               form=ConsentForm.WRITTEN, recorded_by=by)  # fmt: skip
        rows["waivers"].append((waiver, kind, by))
    return set(named) if kind == "active" else set()


def save_rows(rows: dict, today) -> None:
    StatusChange.objects.bulk_create(rows["statuses"], batch_size=2000)
    ResponsibleCaseworker.objects.bulk_create(rows["responsible"], batch_size=2000)
    Consent.objects.bulk_create([c for c, _p in rows["consents"]], batch_size=2000)
    withdrawn = "Vill inte längre delta."
    ConsentWithdrawal.objects.bulk_create(
        (ConsentWithdrawal(consent=c, withdrawn_on=min(c.given_on + timedelta(days=20), today), reason=withdrawn,
                           recorded_by=c.recorded_by)
         for c, p in rows["consents"] if p.status == Status.ABORTED),
        batch_size=2000,
    )  # fmt: skip
    SecrecyWaiver.objects.bulk_create([w for w, _k, _b in rows["waivers"]], batch_size=2000)
    WaiverWithdrawal.objects.bulk_create(
        (WaiverWithdrawal(waiver=w, withdrawn_on=min(w.valid_from + timedelta(days=20), today), reason=withdrawn,
                          recorded_by=by)
         for w, kind, by in rows["waivers"] if kind == "withdrawn"),
        batch_size=2000,
    )  # fmt: skip
    ParticipantGroupObjectPermission.objects.bulk_create(rows["grants"], batch_size=2000)
    save_outcomes(rows["outcomes"])


def flow_path(status: str) -> list[str]:
    """The statuses a demo participant has passed through to reach `status`."""
    if status == Status.DECLINED:
        return [Status.REGISTERED, Status.INFORMED, Status.DECLINED]
    if status == Status.ABORTED:
        return [Status.REGISTERED, Status.INFORMED, Status.CONSENTED, Status.ABORTED]
    return FLOW[: FLOW.index(status) + 1]
