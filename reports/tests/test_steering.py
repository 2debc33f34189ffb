"""The steering group's meetings (issue 15): who may do what, the Swedish messages, the agenda's lock, the open
decisions carried to the next agenda, the agenda PDF's figures against the tertial report, the decision log."""

import re
from datetime import date

import pytest

from reports.models import AgendaDocument, AgendaPoint, ReportingPeriod, SteeringDecision, SteeringMeeting
from reports.steering import queries, services
from reports.tests.conftest import pdf_text
from reports.tests.test_figures import make, meeting  # noqa: F401 - make is a fixture

ROLES = ["projektledare", "af.handlaggare", "styrgrupp", "af.admin", "utvarderare"]
STAFF = {"projektledare", "af.handlaggare"}
LEADER = {"projektledare"}


@pytest.fixture
def people(demo_staff, make_user):
    return {**demo_staff, "utvarderare": make_user(role="utvarderare", username="utvarderaren")}


@pytest.fixture
def tertials(db):
    return {n: ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=n) for n in (1, 2, 3)}


@pytest.fixture
def board(people, tertials):
    """A held meeting (T1) with a published agenda and a decision, and the coming one (T2) with a point."""
    leader = people["projektledare"]
    held = SteeringMeeting.objects.create(meets_on=date(2026, 5, 14), period=tertials[1], challenges="Tolkar.")
    document = AgendaDocument.objects.create(meeting=held, number=1, pdf=b"%PDF-1.7 dagordning", generated_by=leader)
    decision = SteeringDecision.objects.create(meeting=held, text="Ta fram ett förslag.", responsible="Projektledaren",
                                               recorded_by=leader)  # fmt: skip
    coming = SteeringMeeting.objects.create(
        meets_on=date(2026, 9, 14), pre_meeting_on=date(2026, 9, 7), period=tertials[2]
    )
    point = AgendaPoint.objects.create(meeting=coming, heading="utmaningar", text="Tolkarna.",
                                       added_by=people["af.handlaggare"])  # fmt: skip
    return {"held": held, "coming": coming, "document": document, "decision": decision, "point": point}


def urls(board):
    held, coming = board["held"].pk, board["coming"].pk
    return [  # (method, url, the roles that get in)
        ("get", "/rapporter/styrgrupp/", STAFF),
        ("get", "/rapporter/styrgrupp/nytt/", LEADER),
        ("get", f"/rapporter/styrgrupp/{coming}/", STAFF),
        ("post", f"/rapporter/styrgrupp/{coming}/", STAFF),
        ("get", f"/rapporter/styrgrupp/{coming}/andra/", LEADER),
        ("post", f"/rapporter/styrgrupp/{coming}/ta-bort-punkt/", STAFF),
        ("get", f"/rapporter/styrgrupp/{coming}/dagordning/", LEADER),
        ("get", f"/rapporter/styrgrupp/{coming}/forhandsvisning/", LEADER),
        ("post", f"/rapporter/styrgrupp/{coming}/publicera/", LEADER),
        ("get", f"/rapporter/styrgrupp/{held}/beslut/nytt/", LEADER),
        ("get", f"/rapporter/styrgrupp/beslut/{board['decision'].pk}/", LEADER),
        ("get", f"/rapporter/styrgrupp/dagordningar/{board['document'].pk}.pdf", STAFF | {"styrgrupp"}),
        ("get", "/rapporter/", LEADER | {"styrgrupp", "utvarderare"}),  # the evaluator reads reports, not agendas
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reaches_exactly_its_steering_pages(client, people, board, role):
    client.force_login(people[role])
    for method, url, allowed in urls(board):
        response = getattr(client, method)(url)
        if role in allowed:
            assert response.status_code in (200, 302, 404 if "ta-bort" in url else 200), (role, method, url)
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)
    agendas = "Dagordningar till styrgruppsmötena" in client.get("/rapporter/").content.decode()
    assert agendas == (role in {"projektledare", "styrgrupp"})
    # Nobody but the one who added it removed the caseworker's point; the empty publish was refused.
    assert AgendaPoint.objects.filter(pk=board["point"].pk).exists()
    assert not board["coming"].agendas.exists()


def test_the_steering_group_finds_only_published_agendas_and_downloads_them(client, people, board):
    client.force_login(people["styrgrupp"])
    page = client.get("/rapporter/").content.decode()
    assert f"/rapporter/styrgrupp/dagordningar/{board['document'].pk}.pdf" in page
    assert "Styrgruppsmöte 14 maj 2026" in page and "14 september 2026" not in page  # the coming one is unpublished
    response = client.get(f"/rapporter/styrgrupp/dagordningar/{board['document'].pk}.pdf")
    assert response.content == b"%PDF-1.7 dagordning" and "attachment" in response["Content-Disposition"]
    assert "dagordning-styrgrupp-2026-05-14-v1.pdf" in response["Content-Disposition"]


def test_staff_add_points_and_remove_only_their_own_before_publication(client, people, board):
    coming = board["coming"]
    url = f"/rapporter/styrgrupp/{coming.pk}/"
    client.force_login(people["malmo.handlaggare"])
    response = client.post(url, {"heading": "beslut", "text": "Lokaler på fredagar?", "form_token": "a" * 32})
    assert response.status_code == 302
    client.post(url, {"heading": "beslut", "text": "Lokaler på fredagar?", "form_token": "a" * 32})  # double click
    assert list(coming.points.filter(heading="beslut").values_list("text", flat=True)) == ["Lokaler på fredagar?"]
    page = client.get(url).content.decode()
    assert page.index("Nya beslut som behöver tas?") < page.index("Lokaler på fredagar?") < page.index("Måluppfyllnad")
    # Another's point answers 404 to a removal; one's own goes.
    assert client.post(f"{url}ta-bort-punkt/", {"punkt": board["point"].pk}).status_code == 404
    own = coming.points.get(heading="beslut")
    client.post(f"{url}ta-bort-punkt/", {"punkt": own.pk})
    assert not coming.points.filter(pk=own.pk).exists()
    # Once published, the points stay as they were and no new one is added.
    AgendaDocument.objects.create(meeting=coming, number=1, pdf=b"%PDF", generated_by=people["projektledare"])
    client.force_login(people["af.handlaggare"])
    client.post(f"{url}ta-bort-punkt/", {"punkt": board["point"].pk})
    assert AgendaPoint.objects.filter(pk=board["point"].pk).exists()
    with pytest.raises(Exception, match="redan publicerad"):
        services.add_point(meeting=coming, heading="mal", text="Sent.", by=people["af.handlaggare"])
    assert "inga fler punkter kan läggas till" in client.get(url).content.decode()


def test_bad_input_gets_a_swedish_message_on_the_field_and_keeps_what_was_typed(client, people, board, tertials):
    client.force_login(people["projektledare"])
    page = client.post("/rapporter/styrgrupp/nytt/", {"meets_on": "2026-10-01", "pre_meeting_on": "2026-10-08",
                                                      "period": tertials[3].pk}).content.decode()  # fmt: skip
    assert "Förmötet ska hållas före styrgruppsmötet, eller samma dag." in page and 'value="2026-10-08"' in page
    page = client.post("/rapporter/styrgrupp/nytt/", {"meets_on": "1 okt"}).content.decode()
    assert "Ange datumet som ÅÅÅÅ-MM-DD." in page and "Välj vilken rapportperiod siffrorna ska gälla." in page
    assert SteeringMeeting.objects.count() == 2
    coming = board["coming"].pk
    page = client.post(f"/rapporter/styrgrupp/{coming}/", {"heading": "mal", "text": " "}).content.decode()
    assert "Skriv punkten." in page
    page = client.post(f"/rapporter/styrgrupp/{board['held'].pk}/beslut/nytt/",
                       {"text": "Boka lokal.", "due_on": "2026-01-01"}).content.decode()  # fmt: skip
    assert "Ange vem som är ansvarig." in page and "Datumet ligger före mötet där beslutet togs" in page
    assert "Boka lokal." in page
    page = client.post(f"/rapporter/styrgrupp/beslut/{board['decision'].pk}/",
                       {"text": "Ta fram ett förslag.", "responsible": "Projektledaren", "closing_note": "Klart.",
                        "version": 1}).content.decode()  # fmt: skip
    assert "Ange när beslutet avslutades, eller ta bort texten om hur." in page
    page = client.post(f"/rapporter/styrgrupp/{coming}/publicera/", follow=True).content.decode()
    assert "Skriv dagordningen innan den publiceras" in page


def test_the_agenda_starts_from_the_points_and_a_concurrent_edit_is_refused(client, people, board):
    coming = board["coming"]
    client.force_login(people["projektledare"])
    form = client.get(f"/rapporter/styrgrupp/{coming.pk}/dagordning/").context["form"]
    assert form.initial["challenges"] == "– Tolkarna." and form.initial["happened"] == ""
    opened = {name: form.initial[name] or "" for name in form.fields}
    first = {**opened, "challenges": "Tolkarna är för få.", "form_token": "1" * 32}
    second = {**opened, "challenges": "Min egen text.", "form_token": "2" * 32}
    assert client.post(f"/rapporter/styrgrupp/{coming.pk}/dagordning/", first).status_code == 302
    response = client.post(f"/rapporter/styrgrupp/{coming.pk}/dagordning/", second)
    page = response.content.decode()
    assert "Någon annan har ändrat dagordningen medan du arbetade." in page and "Min egen text." in page
    coming.refresh_from_db()
    assert coming.challenges == "Tolkarna är för få." and coming.version == 2
    # The same form again (a double click) is not a conflict: it was saved.
    assert client.post(f"/rapporter/styrgrupp/{coming.pk}/dagordning/", first).status_code == 302
    # Saving the conflicting form again, now on the version it was re-bound to, goes through.
    assert client.post(f"/rapporter/styrgrupp/{coming.pk}/dagordning/", {**second, "version": 2}).status_code == 302
    coming.refresh_from_db()
    assert coming.challenges == "Min egen text."
    # A point added after the agenda was written is shown beside it, since the prefill no longer brings it in.
    services.add_point(meeting=coming, heading="kunskaper", text="Sent inkommen.", by=people["af.handlaggare"])
    page = client.get(f"/rapporter/styrgrupp/{coming.pk}/dagordning/").content.decode()
    assert "Nya punkter sedan dagordningen sparades" in page and "Sent inkommen." in page


def test_open_decisions_stand_on_every_next_agenda_until_closed(client, people, board, tertials, tmp_path):
    leader, held, coming = people["projektledare"], board["held"], board["coming"]
    SteeringDecision.objects.create(meeting=held, text="Redan klart.", responsible="AF", closed_on=date(2026, 6, 1),
                                    closing_note="Gjort.", recorded_by=leader)  # fmt: skip
    taken_now = SteeringDecision.objects.create(meeting=coming, text="Nytt i september.", responsible="AMA",
                                                recorded_by=leader)  # fmt: skip
    later = SteeringMeeting.objects.create(meets_on=date(2026, 12, 14), period=tertials[3], happened="Hösten.")
    assert [d.text for d in queries.open_decisions(coming)] == ["Ta fram ett förslag."]
    assert [d.text for d in queries.open_decisions(later)] == ["Ta fram ett förslag.", "Nytt i september."]
    coming.happened = "Sommaren."
    coming.save()
    client.force_login(leader)
    client.post(f"/rapporter/styrgrupp/{coming.pk}/publicera/", {"token": "3" * 32})
    text = " ".join(pdf_text(bytes(coming.agendas.get().pdf), tmp_path).split())
    assert "Ta fram ett förslag. Projektledaren" in text and "Redan klart." not in text
    assert "Nytt i september." not in text  # taken at this meeting: on the next agenda
    response = client.post(f"/rapporter/styrgrupp/beslut/{board['decision'].pk}/",
                           {"text": "Ta fram ett förslag.", "responsible": "Projektledaren", "closed_on": "2026-10-01",
                            "closing_note": "Godkänt.", "version": 1})  # fmt: skip
    assert response.status_code == 302
    assert [d.pk for d in queries.open_decisions(later)] == [taken_now.pk]
    assert "Nytt i september." in client.get(f"/rapporter/styrgrupp/{later.pk}/forhandsvisning/").content.decode()


def test_the_agenda_pdf_has_the_headings_and_the_tertial_reports_goal(client, people, board, make, tertials, tmp_path):  # noqa: F811
    from reports.services import generate_snapshot

    af = people["af.handlaggare"]
    for person in make(7):
        meeting(person, date(2026, 6, 10), by=af)
    for person in make(3, registered_on=date(2026, 2, 1)):
        meeting(person, date(2026, 3, 10), by=af)
    coming = board["coming"]
    services.save_agenda(meeting=coming, texts={"goal_comment": "Takten ökar."}, expected_version=1,
                         by=people["projektledare"])  # fmt: skip
    client.force_login(people["projektledare"])
    client.post(f"/rapporter/styrgrupp/{coming.pk}/publicera/", {"token": "4" * 32})
    client.post(f"/rapporter/styrgrupp/{coming.pk}/publicera/", {"token": "4" * 32})  # the same click again
    agenda = coming.agendas.get()  # one version, numbered 1
    text = " ".join(pdf_text(bytes(agenda.pdf), tmp_path).split())
    headings = ["1. Vad har hänt sedan sist?", "2. Utmaningar", "3. Nyvunna kunskaper och ändringar",
                "4. Nya beslut som behöver tas?", "5. Måluppfyllnad"]  # fmt: skip
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions) and "Takten ökar." in text and "Flödet: personer som nått varje steg" in text
    report = " ".join(pdf_text(bytes(generate_snapshot(period=tertials[2], by=af).pdf), tmp_path).split())

    def goal(words):  # the key figures side by side: in the period, so far this year, the share of the target
        return re.search(r"(\d+) (\d+) (\d+) ?% under perioden hittills i år av årsmålet (\d+)", words).groups()

    assert goal(text) == goal(report) == ("7", "10", "3", "300")


def test_the_final_report_has_the_years_decision_log(client, people, board, tmp_path):
    from reports.services import generate_snapshot, render_report_html

    leader = people["projektledare"]
    SteeringDecision.objects.create(meeting=board["coming"], text="Digitala möten prövas.", responsible="AMA",
                                    closed_on=date(2026, 11, 2), closing_note="Införda.", recorded_by=leader)  # fmt: skip
    SteeringMeeting.objects.create(meets_on=date(2025, 12, 1), period=ReportingPeriod.objects.create(
        kind="tertial", year=2025, tertial=3)).decisions.create(text="Fjolårets beslut.", responsible="X",
                                                                 recorded_by=leader)  # fmt: skip
    rows = queries.decision_log(2026, 2026)
    assert [(r.text, r.state) for r in rows] == [("Ta fram ett förslag.", "Öppet"),
                                                 ("Digitala möten prövas.", "Avslutat 2026-11-02")]  # fmt: skip
    year = ReportingPeriod.objects.create(kind="ar", year=2026)
    html = render_report_html(year, for_pdf=False)
    log = html[html.index('id="beslutslogg"') : html.index('id="maluppfyllnad"')]
    assert "Ta fram ett förslag." in log and "Avslutat 2026-11-02: Införda." in log and "Fjolårets" not in log
    tertial_html = render_report_html(board["held"].period, for_pdf=False)
    assert 'id="beslutslogg"' not in tertial_html  # a tertial report has none
    snapshot = generate_snapshot(period=year, by=leader)
    assert "Digitala möten prövas." in pdf_text(bytes(snapshot.pdf), tmp_path)
    [stored] = [t for t in snapshot.tables if t["key"] == "beslutslogg"]
    assert stored["rows"][1][1:5] == ["Digitala möten prövas.", "AMA", "", "Avslutat 2026-11-02"]
    client.force_login(people["styrgrupp"])
    csv = client.get(f"/rapporter/{snapshot.pk}/tabeller/beslutslogg.csv").content.decode("utf-8-sig")
    assert "2026-09-14;Digitala möten prövas.;AMA;;Avslutat 2026-11-02;Införda." in csv


def test_the_tertial_reports_agenda_chapter_is_the_latest_meetings_agenda(people, tertials):
    from reports.services import render_report_html

    SteeringMeeting.objects.create(meets_on=date(2026, 9, 1), period=tertials[2], challenges="Det gamla.")
    SteeringMeeting.objects.create(meets_on=date(2026, 9, 20), period=tertials[2], challenges="Det senaste.",
                                   goal_comment="Kommentaren.")  # fmt: skip
    html = render_report_html(tertials[2], for_pdf=False)
    agenda = html[html.index('id="dagordning"') : html.index('id="maluppfyllnad"')]
    assert "Det senaste." in agenda and "Det gamla." not in agenda and "Kommentaren." in html


def test_the_pages_query_the_same_number_of_times_however_many_rows(client, people, board, tertials,
                                                                     django_assert_max_num_queries):  # fmt: skip
    leader, coming = people["projektledare"], board["coming"]
    client.force_login(leader)
    pages = ["/rapporter/styrgrupp/", f"/rapporter/styrgrupp/{coming.pk}/", "/rapporter/"]

    def counts():
        found = []
        for url in pages:
            with django_assert_max_num_queries(60) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    before = counts()
    for n in range(6):
        extra = SteeringMeeting.objects.create(meets_on=date(2026, 10, 1 + n), period=tertials[3])
        AgendaDocument.objects.create(meeting=extra, number=1, pdf=b"%PDF", generated_by=leader)
        AgendaPoint.objects.create(
            meeting=coming, heading="hant", text=f"Punkt {n}.", added_by=people["socialsekreterare"]
        )
        SteeringDecision.objects.create(meeting=coming, text=f"Beslut {n}.", responsible="AF", recorded_by=leader)
        SteeringDecision.objects.create(meeting=board["held"], text=f"Öppet {n}.", responsible="AF", recorded_by=leader)
    assert counts() == before


def test_the_project_leader_keeps_meetings_and_decisions_in_the_admin_too(client, people, board):
    client.force_login(people["projektledare"])
    assert client.get("/admin/reports/steeringmeeting/").status_code == 200
    page = client.get(f"/admin/reports/steeringmeeting/{board['held'].pk}/change/").content.decode()
    assert "Ta fram ett förslag." in page  # its decisions inline
    client.force_login(people["af.handlaggare"])
    assert client.get("/admin/reports/steeringmeeting/").status_code in (302, 403)


def test_the_demo_has_a_held_meeting_with_its_agenda_and_decisions_and_a_coming_one_with_points(people, tertials):
    from reports.steering.demo import seed_steering

    for _ in range(2):  # idempotent
        held = seed_steering(tertials[1], tertials[2], people["projektledare"])
    assert SteeringMeeting.objects.count() == 2 and held.agendas.count() == 1
    assert sorted(d.is_open for d in held.decisions.all()) == [False, True]
    coming = SteeringMeeting.objects.exclude(pk=held.pk).get()
    assert coming.points.values("added_by__organisation").distinct().count() == 3
    assert [d.pk for d in queries.open_decisions(coming)] == [held.decisions.get(closed_on__isnull=True).pk]
