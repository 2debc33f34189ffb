"""A large register for benchmarks, in generated SQL: the demo participants copied with new identities.

Seeding row by row through the ORM costs about 10 ms a participant; copying in SQL costs a few
seconds per 100,000. Each copy gets a new id, personnummer (same birth date, another birth
number) and surname, and its meetings, consent, waivers, grants, status history and recommendations
are copied with it. The copies are worked by caseworkers of their own (`af.handlaggare.01`, …), so that a
demo caseworker's own caseload stays the size it is in the demo, as a real caseload would.
PostgreSQL only: SQLite is for trying Insikt, not for measuring it.
"""

import io
import uuid

from django.db import connection, transaction
from stdnum import luhn

from insikt.models import Role, User
from meetings.models import Meeting, MeetingAttendee, Recommendation, RecommendationArea, RecommendationStatusChange
from participants.models import (
    Consent,
    ConsentWithdrawal,
    Outcome,
    OutcomeSupport,
    Participant,
    ParticipantGroupObjectPermission,
    ResponsibleCaseworker,
    SecrecyWaiver,
    StatusChange,
    WaiverWithdrawal,
)
from participants.models.participant import search_text

# Parents before children. Each child is copied once per copy of the participant it belongs to.
COPIED = [
    Participant,
    ParticipantGroupObjectPermission,
    ResponsibleCaseworker,
    StatusChange,
    Consent,
    ConsentWithdrawal,
    SecrecyWaiver,
    WaiverWithdrawal,
    Meeting,
    MeetingAttendee,
    Recommendation,
    RecommendationArea,
    RecommendationStatusChange,
    Outcome,
    OutcomeSupport,
]
# A copy's gender, from its own birth number as registration derives it (odd: a man).
MALE_IF_ODD = "CASE WHEN substr(m0.pnr, 11, 1) IN ('1', '3', '5', '7', '9') THEN 'man' ELSE 'kvinna' END"
REFERENCED = {Participant, Consent, SecrecyWaiver, Meeting, Recommendation, Outcome}
# Every copy has a personnummer (m0.pnr), also the copy of a person with neither number.
NUMBERED = {"identity_kind": "CASE WHEN c.identity_kind = 'inget' THEN 'personnummer' ELSE c.identity_kind END",
            "stated_birth_date": "NULL", "no_number_reason": "''"}  # fmt: skip


def copy_participants(total: int) -> int:
    """Copy the existing participants until there are `total`; returns how many were added."""
    if connection.vendor != "postgresql":
        raise ValueError("Copying in SQL needs PostgreSQL.")
    people = Participant.objects.filter(anonymised_at__isnull=True).order_by("personnummer", "pk")
    fields = ("pk", "personnummer", "stated_birth_date", "first_name", "protected_identity")
    # A person with neither number is copied as a person with a personnummer of their stated birth date.
    originals = [(pk, n or f"{born:%Y%m%d}9800", (first, protected))
                 for pk, n, born, first, protected in people.values_list(*fields)]  # fmt: skip
    originals = [(pk, n, person) for pk, n, person in originals if n[8:11] >= "980"]
    existing = Participant.objects.count()
    missing, done = total - existing, existing - len(originals)  # earlier copies, made the same way
    if missing <= 0 or not originals:
        return 0
    rounds = -(-(done + missing) // len(originals))
    if rounds > 979:
        raise ValueError("At most 979 copies of each demo participant (one per free birth number).")
    copies = [(pk, number, first, r) for r in range(1, rounds + 1) for pk, number, first in originals]
    copies = copies[done : done + missing]
    with transaction.atomic(), connection.cursor() as cursor:
        load_maps(cursor, copies, copy_caseworkers(rounds))
        for model in COPIED:
            cursor.execute(copy_sql(model))
    return len(copies)


def copy_caseworkers(rounds: int) -> list[tuple[int, int, int]]:
    """(old user id, round, new user id): a caseworker of the same organisation for each round's copies.

    A demo caseworker's team colleagues (`af.handlaggare-lag2`, …) share their lead's copy, so that the
    organisation's staff stays a few hundred people however large the register, as the pages that list
    colleagues (the responsible caseworker, the booking form) expect of a real organisation."""
    mapping = []
    for user in User.objects.filter(role=Role.CASEWORKER, is_active=True).order_by("pk"):
        lead = user.username.split("-lag")[0]
        for r in range(1, rounds + 1):
            username = f"{lead}.{r:02d}"
            copy = User.objects.filter(username=username).first()
            if copy is None:
                surname = user.last_name.split(" (lag")[0]
                copy = User(username=username, first_name=user.first_name, last_name=f"{surname} {r}",
                            organisation=user.organisation, role=user.role, password=user.password)  # fmt: skip
                copy.save()
            mapping.append((user.pk, r, copy.pk))
    return mapping


# A copy is a new person: a new birth number and a new surname. Surnames from a pool of generated ones, so
# that they spread as in a real register instead of repeating the demo's forty (a name search then finds
# as many "Hadžić" among 200,000 as a register of that size would, not forty times the demo's share).
SURNAME_STEMS = ["Al", "Ask", "Berg", "Björk", "Dahl", "Ek", "Fors", "Gran", "Hag", "Hed", "Holm", "Kvarn", "Lil",
                 "Lind", "Lund", "Mal", "Ny", "Norr", "Ros", "Sand", "Sjö", "Stor", "Strand", "Sund", "Söder",
                 "Vall", "Väst", "Åker", "Ös", "Ör"]  # fmt: skip
SURNAME_ENDINGS = ["backe", "berg", "blad", "bom", "by", "dahl", "fors", "gren", "hag", "holm", "kvist", "lind",
                   "ling", "lund", "man", "mark", "näs", "qvist", "sten", "ström", "vall", "vik"]  # fmt: skip
SURNAMES = [stem + ending for stem in SURNAME_STEMS for ending in SURNAME_ENDINGS]


def load_maps(cursor, copies, users) -> None:
    columns = "old uuid, r int, new uuid, pnr varchar(12), last_name text, search text"
    cursor.execute(f"CREATE TEMP TABLE map_participant ({columns}) ON COMMIT DROP")
    cursor.execute("CREATE TEMP TABLE map_users (old bigint, r int, new bigint) ON COMMIT DROP")
    lines = []
    for n, (pk, number, (first_name, protected), r) in enumerate(copies):
        copy = Participant(personnummer=new_number(number, r), first_name=first_name, protected_identity=protected,
                           last_name=SURNAMES[n * 7919 % len(SURNAMES)])  # fmt: skip
        lines.append(f"{pk}\t{r}\t{uuid.uuid4()}\t{copy.personnummer}\t{copy.last_name}\t{search_text(copy)}\n")
    rows = io.StringIO("".join(lines))
    with cursor.copy("COPY map_participant FROM STDIN") as copy:
        copy.write(rows.getvalue())
    with cursor.copy("COPY map_users FROM STDIN") as copy:
        copy.write("".join(f"{old}\t{r}\t{new}\n" for old, r, new in users))
    cursor.execute("CREATE INDEX ON map_participant (old, r)")


def new_number(number: str, r: int) -> str:
    """The same birth date with birth number r (the demo's own are 980–999), and its check digit."""
    body = number[2:8] + f"{r:03d}"
    return number[:2] + body + luhn.calc_check_digit(body)


def copy_sql(model) -> str:
    """INSERT … SELECT of the model's rows once per copy of their participant, references re-pointed.
    Every name in the SQL comes from the models' own metadata, never from input."""
    table = model._meta.db_table
    parents = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in REFERENCED]
    users = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is User]
    if model is Participant:
        joins = ["JOIN map_participant m0 ON m0.old = c.id"]
    else:
        first, *others = parents
        joins = [f"JOIN map_{first.related_model._meta.model_name} m0 ON m0.old = c.{first.column}"]
        joins += [f"LEFT JOIN map_{f.related_model._meta.model_name} m{i} ON m{i}.old = c.{f.column} AND m{i}.r = m0.r"
                  for i, f in enumerate(others, start=1)]  # fmt: skip
    joins += [f"LEFT JOIN map_users u{i} ON u{i}.old = c.{f.column} AND u{i}.r = m0.r" for i, f in enumerate(users)]
    sql = ""
    if model in REFERENCED and model is not Participant:
        sql = map_sql(model, joins[0])
        joins.append(f"JOIN map_{model._meta.model_name} self ON self.old = c.id AND self.r = m0.r")
    columns = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            if model in REFERENCED:
                columns[field.column] = "m0.new" if model is Participant else "self.new"
        elif model is Participant and field.column == "personnummer":
            columns[field.column] = "m0.pnr"
        elif model is Participant and field.column == "gender":
            columns[field.column] = MALE_IF_ODD
        elif model is Participant and field.column in NUMBERED:
            columns[field.column] = NUMBERED[field.column]
        elif model is Participant and field.column in ("last_name", "search_text"):
            columns[field.column] = "m0.last_name" if field.column == "last_name" else "m0.search"
        elif field in parents:
            columns[field.column] = f"m{parents.index(field)}.new"
        elif field in users:
            columns[field.column] = f"COALESCE(u{users.index(field)}.new, c.{field.column})"
        else:
            columns[field.column] = f"c.{field.column}"
    names = ", ".join(f'"{column}"' for column in columns)
    return sql + f"INSERT INTO {table} ({names}) SELECT {', '.join(columns.values())} FROM {table} c {' '.join(joins)}"  # noqa: S608


def map_sql(model, parent_join: str) -> str:
    """A temporary table of new ids for the model's copies, for its children to point at."""
    table, name = model._meta.db_table, model._meta.model_name
    uuid_pk = model._meta.pk.get_internal_type() == "UUIDField"
    new_id = "gen_random_uuid()" if uuid_pk else f"nextval(pg_get_serial_sequence('{table}', 'id'))"
    return (f"CREATE TEMP TABLE map_{name} ON COMMIT DROP AS SELECT c.id AS old, m0.r, {new_id} AS new "  # noqa: S608
            f"FROM {table} c {parent_join}; CREATE INDEX ON map_{name} (old, r); ")  # fmt: skip
