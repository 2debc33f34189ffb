"""The evaluator (utvärderare) sees no person: every URL of the project walked with the permission matrix's objects.

The evaluator's account belongs to Arbetsförmedlingen (only a project leader makes one, in their own organisation),
whose group holds object grants on participants; the access queryset still gives them nobody, because the role
does not work with participants. The steering group is walked the same way.
"""

import itertools
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from insikt.models import AccessLog, Role
from meetings.models import Finding, FindingType, HistoryReview, Meeting, Recommendation, RecommendationCategory
from participants import services
from participants.access import CHANGE, VIEW, visible_participants
from participants.models import Participant, ParticipantGroupObjectPermission, Task
from reports.models import ExportRequest, ExportStatus, ReportingPeriod

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
NEVER_WALKED = {"logga-ut/"}  # signing out ends the walk
SIGNING_OUT = ("/konto/", "/logga-in/")  # pages that may end the session: signed in again after them
WORDS = ["samtycke", "sekretessgenombrott", "flow"]
# Registered by the evaluator's own organisation, whose group holds the grants; and shared with the others.
WALKED = ("own", "shared")


def routes(patterns=None, prefix=""):
    """Every route of the project as a string with its <converter:name> parameters; regex routes (only the admin's
    app lists) are left out, the admin is walked by its index instead."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) == "admin/":
                yield "admin/"
                continue
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


@pytest.fixture
def objects(world, orgs):
    """One of each object a URL names, around the matrix's participants; the period and an approved export."""
    af, ama = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    personal, ints = [], []
    for which in WALKED:
        person = world[which]
        by = ama if which == "other" else af
        consent = services.register_consent(participant=person, given_on=person.registered_on, form="skriftligt",
                                            document=ContentFile(b"%PDF-1.4", name="s.pdf"), by=by)  # fmt: skip
        held = Meeting.objects.create(participant=person, kind="flerpart", status="genomfort", booked_by=by,
                                      starts_at=timezone.now() - timedelta(hours=2), place="Rum 1")  # fmt: skip
        category = RecommendationCategory.objects.order_by("pk").first()
        recommendation = Recommendation.objects.create(
            participant=person, meeting=held, category=category, rationale="Skäl",
            receiving_organisation=category.default_receiving_organisation or orgs["af"], created_by=by,
        )  # fmt: skip
        finding = Finding.objects.create(participant=person, organisation=orgs["eb"], area="halsa",
                                         finding_type=FindingType.objects.order_by("pk").first(), description="Text",
                                         recorded_by=by, recorded_by_organisation=by.organisation)  # fmt: skip
        review = HistoryReview.objects.create(participant=person, organisation=by.organisation, created_by=by,
                                              updated_by=by)  # fmt: skip
        task = Task.objects.create(participant=person, organisation=by.organisation, title="Ring",
                                   due_on=timezone.localdate(), created_by=by, assigned_to=by)  # fmt: skip
        personal += [person.pk, held.pk, recommendation.pk, finding.pk, review.pk, task.pk]
        ints += [consent.pk, *person.waivers.values_list("pk", flat=True)]
    period = ReportingPeriod.objects.create(kind="ar", year=timezone.localdate().year)
    export = ExportRequest.objects.create(period=period, purpose="Utvärdering", requested_by=world["staff"]["utvarderare"],
                                          status=ExportStatus.APPROVED, decided_by=world["staff"]["projektledare"],
                                          decided_at=timezone.now())  # fmt: skip
    participants = [world[which].pk for which in WALKED]
    return {"personal": personal, "participants": participants, "uuid": [*personal, export.pk],
            "int": sorted({*ints, period.pk, 1})}  # fmt: skip


def urls(objects):
    """(url, names a participant's object) for every route, each parameter filled with every fitting object (after
    the first, which is the participant's or every object's, a second id is any of the objects)."""
    for route in routes():
        if route in NEVER_WALKED:
            continue
        parameters = PARAMETER.findall(route)
        uuids = [c for c, _ in parameters].count("uuid")
        first = objects["participants"] if uuids > 1 else objects["uuid"]
        choices = [
            (first if i == 0 else objects["uuid"]) if c == "uuid" else objects["int"] if c == "int" else WORDS
            for i, (c, _) in enumerate(parameters)
        ]
        for values in itertools.product(*choices):
            url, personal = route, False
            for (converter, name), value in zip(parameters, values, strict=True):
                url = url.replace(f"<{converter + ':' if converter else ''}{name}>", str(value), 1)
                personal = personal or value in objects["personal"]
            yield "/" + url, personal


def secrets(world) -> list[str]:
    people = [world[w] for w in ("own", "shared", "other", "expired")]
    return [value for p in people for value in (p.full_name, p.personnummer, p.formatted_personnummer)]


@pytest.mark.parametrize("username", ["utvarderare", "styrgrupp"])
def test_every_url_of_the_project_shows_them_no_person(client, world, objects, username):
    user = world["staff"][username]
    client.force_login(user)
    walked, shown = 0, []
    for url, personal in urls(objects):
        for method in ("get", "post") if personal else ("get",):
            response = getattr(client, method)(url)
            walked += 1
            if url.startswith(SIGNING_OUT):
                client.force_login(user)
            assert response.status_code != 500, url
            if personal and not url.startswith("/admin/"):
                assert response.status_code in (403, 404, 405), (method, url, response.status_code)
            if response.status_code == 200:
                shown.append(url)
                body = response.content.decode(errors="replace")
                for secret in secrets(world):
                    assert secret not in body, (method, url, secret)
    assert walked > 300
    assert "/rapporter/" in shown
    assert ("/" in shown) == ("/rapporter/exporter/" in shown) == (username == "utvarderare")
    if username == "utvarderare":
        assert "/rapporter/iakttagelser/" in shown  # the analysis's counts and checked quotes
    # Every read of a participant is logged: nothing logged is nothing read, by any of the pages.
    assert not AccessLog.objects.filter(user=user).exists()
    assert Participant.objects.filter(pk=world["own"].pk, version=world["own"].version).exists()


def test_the_evaluator_belongs_to_an_organisation_whose_group_has_grants_and_still_sees_nobody(world):
    evaluator = world["staff"]["utvarderare"]
    assert evaluator.organisation.code == "af" and evaluator.role == Role.EVALUATOR
    assert ParticipantGroupObjectPermission.objects.filter(group=evaluator.organisation.group,
                                                           content_object=world["own"]).exists()  # fmt: skip
    assert not evaluator.works_with_participants
    assert not visible_participants(evaluator, VIEW).exists()
    assert not visible_participants(evaluator, CHANGE).exists()


def test_the_evaluators_start_page_and_menu(client, world):
    client.force_login(world["staff"]["utvarderare"])
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    menu = page.split("<main")[0]
    for link in ("/rapporter/iakttagelser/", "/rapporter/", "/rapporter/exporter/"):
        assert f'href="{link}"' in menu and f'href="{link}"' in page.split("<main")[1]
    assert "/deltagare/" not in page and "Mina möten" not in menu
    assert "Du har inte begärt någon export ännu." in page
    for url, item in [("/", "Start"), ("/rapporter/iakttagelser/", "Iakttagelser"), ("/rapporter/", "Rapporter"),
                      ("/rapporter/exporter/", "Exporter")]:  # fmt: skip
        menu = client.get(url).content.decode().split("<main")[0]
        assert menu.count('aria-current="page"') == 1, url
        assert re.search(rf'aria-current="page" href="[^"]+">{item}</a>', menu), url
