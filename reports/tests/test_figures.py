"""The reports' figures against small data sets computed by hand: what is counted, by which date, and how it
is printed, secondary suppression included (threshold 5)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from insikt.areas import InsightArea
from meetings.models import Meeting, Recommendation, RecommendationArea, RecommendationCategory
from participants.demo import demo_personnummer
from participants.models import Consent, Participant, StatusChange
from questionnaire.models import Answer, Question, QuestionnaireVersion, Response, Section
from questionnaire.services import copy_to_new_draft, publish_version
from reports.models import ReportingPeriod, YearTarget
from reports.report import Goal, Report

STHLM = ZoneInfo("Europe/Stockholm")
JUNE = date(2026, 6, 10)
SERIAL = iter(range(200_000, 300_000))


def at(day: date, hour: int = 10):
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=STHLM)


@pytest.fixture
def make(demo_staff, orgs, settings):
    """Participants made directly (bulk), with the derived fields computed as on save."""
    settings.REPORT_SUPPRESSION_THRESHOLD = 5

    def make(n=1, registered_on=JUNE, **fields):
        values = {"first_name": "Hemlig", "last_name": "Hemligsson", "district": "centrum", "benefit": "aktivitetsstod",
                  "af_registered_on": date(2010, 1, 1), "job_entered_on": date(2023, 1, 1),
                  "registering_organisation": orgs["af"], "registered_on": registered_on}  # fmt: skip
        people = []
        for _ in range(n):
            p = Participant(personnummer=demo_personnummer(next(SERIAL)), **{**values, **fields})
            p.compute_derived()
            people.append(p)
        return Participant.objects.bulk_create(people)

    return make


def meeting(participant, day, *, kind="flerpart", status="genomfort", by=None):
    return Meeting.objects.create(participant=participant, kind=kind, status=status, starts_at=at(day), place="Rum",
                                  cancel_reason="Sjuk" if status == "installt" else "",
                                  booked_by=by or participant.responsible.first() or _staff())  # fmt: skip


def _staff():
    from insikt.models import User

    return User.objects.get(username="af.handlaggare")


def report(kind="tertial", **fields) -> Report:
    return Report(ReportingPeriod.objects.get_or_create(kind=kind, year=2026, **fields)[0])


def printed(table, column=0):
    return {row["label"]: row["cells"][column] for row in table.rows}


def test_a_small_cell_is_protected_by_another_and_never_called_small(make):
    make(40)
    make(3, district="utanfor", outside_target_group_reason="Skäl")
    figures = report(tertial=2)
    registered = figures.tables["registered"]
    assert printed(registered) == {"Inom målgruppen": "..", "Utanför målgruppen": "<5"}
    assert registered.totals[0] == "43"
    assert printed(figures.tables["flow"])["Anmäld"] == "43"  # the same fact, the same number
    assert any("inte kan räknas fram ur summan" in note for note in registered.notes)
    assert registered.rows[0]["percent"] == ""  # never a share of a hidden cell


def test_five_four_four_hides_the_five_too(make, demo_staff):
    for reason, n in (("arbete", 5), ("flyttat", 4), ("annat", 4)):
        make(n, status="avslutad", closed_on=date(2026, 7, 1), closing_reason=reason)
    closing = report(tertial=2).tables["closing"]
    assert printed(closing) == {
        "Rekommendationen är överlämnad": "–", "Avböjt fortsatt deltagande": "–", "Flyttat från Malmö": "<5",
        "Fått arbete": "..", "Börjat studera": "–", "Fortsatt arbetssökande": "–", "Sjukskriven": "–", "Annat": "<5",
    }  # fmt: skip
    assert closing.totals[0] == "13"


def test_the_goal_counts_people_by_the_date_of_their_first_held_multi_party_meeting(make, demo_staff):
    af = demo_staff["af.handlaggare"]
    late, jump, twice, cancelled = make(4)
    meeting(late, date(2026, 8, 31), by=af)  # held 31 August, whatever day it was recorded
    StatusChange.objects.create(
        participant=late, to_status="flerpartsmote", changed_by=af, changed_at=at(date(2026, 12, 1))
    )
    StatusChange.objects.create(participant=jump, to_status="flerpartsmote", changed_by=af, changed_at=at(JUNE))
    meeting(twice, date(2026, 3, 2), by=af)
    meeting(twice, date(2026, 6, 2), by=af)  # a second meeting, or a reopening: still one person, in tertial 1
    StatusChange.objects.create(participant=twice, to_status="flerpartsmote", changed_by=af, changed_at=at(JUNE))
    meeting(cancelled, JUNE, status="installt", by=af)
    YearTarget.objects.create(year=2026, reviewed_target=10)
    goal = report(tertial=2).goal
    assert (goal.in_period, goal.achieved, goal.target) == (1, 2, 10)
    assert goal.cumulative_by_month == [0, 0, 1, 1, 1, 1, 1, 2]
    assert goal.percent == "20 %" and goal.pace_needed == 2 and goal.months_left == 4
    flow = report(tertial=2).tables["flow"]
    assert printed(flow)["Personer med genomfört flerpartsmöte"] == "1"  # exact, the same as the goal
    assert printed(flow, 1)["Personer med genomfört flerpartsmöte"] == "2"


def test_the_goals_words():
    assert Goal("x", 2026, 300, False, 299, 0).percent == "99 %"  # never rounded up to the goal
    assert Goal("x", 2026, 0, False, 5, 5).verdict.startswith("Inget årsmål")  # a target of 0 stays 0
    assert Goal("x", 2026, 300, False, 44, 44, months_left=0).verdict == "Årsmålet nåddes inte: 44 av 300 (14 %)."
    assert Goal("x", 2026, 300, False, 44, 44, months_left=4).pace_needed == 64


def test_a_year_without_a_target_says_it_uses_the_plans(make):
    goal = report(kind="ar").goal
    assert goal.target == 300 and goal.target_is_default


def test_events_are_counted_by_the_day_they_happened(make, demo_staff):
    af = demo_staff["af.handlaggare"]
    (person,) = make(1)
    # Given 28 August, recorded today (December): counted by the day it was given.
    Consent.objects.create(participant=person, given_on=date(2026, 8, 28), form="skriftligt", recorded_by=af)
    flow = {k: report(tertial=t).tables["flow"] for k, t in (("t2", 2), ("t3", 3))}
    assert flow["t2"].columns[0].cells["samtycke"].value == 1
    assert flow["t3"].columns[0].cells["samtycke"].value == 0


def test_age_is_the_age_reached_in_the_year_of_registration_and_bands_follow_the_criterion(make):
    born_december = make(5, registered_on=date(2026, 1, 20))
    make(5, registered_on=date(2026, 1, 20), af_registered_on=date(2015, 10, 20))  # 10 years and 3 months
    make(5, registered_on=date(2026, 1, 20), af_registered_on=date(2016, 1, 20),
         outside_target_group_reason="Skäl")  # exactly 10 years: outside the target group  # fmt: skip
    Participant.objects.update(birth_year=1970)
    Participant.objects.filter(pk__in=[p.pk for p in born_december]).update(birth_year=1996)
    figures = report(tertial=1)
    assert figures.tables["age"].columns[0].cells["30-39"].value == 5  # 29 on the day, 30 during 2026
    af = figures.tables["af"].columns[0].cells
    assert (af["-10"].value, af["10-14"].value) == (5, 5)


def test_events_behind_few_people_are_hidden_by_the_people(make, demo_staff):
    af = demo_staff["af.handlaggare"]
    people = make(9)
    category = RecommendationCategory.objects.get(name="Ingen ny insats")
    for i, person in enumerate(people):
        held = meeting(person, JUNE, by=af)
        for _ in range(2 if i < 1 else 1):
            r = Recommendation.objects.create(participant=person, meeting=held, category=category, rationale="Skäl",
                                              receiving_organisation=category.default_receiving_organisation or
                                              person.registering_organisation, status="skickad",
                                              sent_on=date(2026, 6, 20), sent_to="Enheten", created_by=af)  # fmt: skip
            RecommendationArea.objects.create(recommendation=r, area="ovriga_hinder" if i < 4 else "arbete")
    areas = report(tertial=2).tables["rec_area"].columns[0].cells
    assert areas["ovriga_hinder"].value == 5 and areas["ovriga_hinder"].people == 4
    assert areas["ovriga_hinder"].text(5) == ".."  # five recommendations, four people: not shown
    assert areas["arbete"].text(5) == "5"


@pytest.fixture
def questionnaire(demo_staff):
    """v1 (archived) and v2 (published) of one question key with other wording, v3 a draft relabelling it."""
    from questionnaire.models import Choice, Questionnaire

    q = Questionnaire.objects.create(name="Samtal")
    versions = []
    for number, text, label in (
        (1, "Hur ofta söker du?", "varje vecka"),
        (2, "Hur ofta söker du arbete?", "varje vecka"),
    ):
        version = copy_to_new_draft(questionnaire=q)
        if number == 1:
            section = Section.objects.create(version=version, order=1, title="Arbete", insight_area=InsightArea.WORK)
            question = Question.objects.create(section=section, order=1, key="soker", type="ett_val", text=text)
            Choice.objects.create(question=question, order=1, value="vecka", label=label)
            Choice.objects.create(question=question, order=2, value="sallan", label="sällan")
        else:
            Question.objects.filter(version=version, key="soker").update(text=text)
        versions.append(publish_version(version=version))
    draft = copy_to_new_draft(questionnaire=q)
    Choice.objects.filter(question__version=draft, value="vecka").update(label="varje DAG")
    Question.objects.filter(version=draft, key="soker").update(type="ja_nej")
    return q, versions


def answer(person, version, value, day=JUNE, status="genomfort"):
    held = meeting(person, day, status=status)
    response = Response.objects.create(meeting=held, version=version, created_by=_staff(), updated_by=_staff(),
                                       status="slutford", completed_at=at(day))  # fmt: skip
    question = Question.objects.get(version=version, key="soker")
    a = Answer.objects.create(response=response, question=question)
    a.choices.add(question.choices.get(value=value))


def test_questionnaire_tables_use_the_answered_wording_never_a_draft_and_only_held_meetings(make, questionnaire):
    q, (v1, v2) = questionnaire
    v1 = QuestionnaireVersion.objects.get(pk=v1.pk)
    people = make(13)
    for person in people[:5]:
        answer(person, v1, "vecka")
    for person in people[5:12]:
        answer(person, v2, "vecka" if person in people[5:9] else "sallan")
    answer(people[12], v2, "sallan", status="installt")  # a cancelled meeting's answers are not counted
    ((area, tables),) = report(tertial=2).questionnaire
    table = tables[0]
    assert area == "Arbete och jobbsökning"
    assert table.title == "Hur ofta söker du arbete?"
    assert printed(table) == {"varje vecka": "..", "sällan": "<5"}  # 9 and 3: the 9 protects the 3
    assert table.totals[0] == "12"
    assert any("I v1 löd frågan: ”Hur ofta söker du?”" in note for note in table.notes)
    assert "DAG" not in str(table.rows)


def test_the_third_tertials_year_so_far_is_the_final_reports_year(make, demo_staff):
    af = demo_staff["af.handlaggare"]
    for month in (2, 6, 10):
        for person in make(7, registered_on=date(2026, month, 3)):
            meeting(person, date(2026, month, 20), by=af)
    make(2, registered_on=date(2026, 6, 3), district="utanfor", outside_target_group_reason="Skäl")
    third, year = report(tertial=3), report(kind="ar")
    for key, table in third.tables.items():
        ytd = [row["cells"][1] for row in table.rows]
        assert ytd == [row["cells"][3] for row in year.tables[key].rows], key
        assert table.totals[1:] == year.tables[key].totals[3:], key


def test_reopening_or_a_second_consent_counts_a_person_once(make, demo_staff, orgs):
    from meetings.models import HistoryReview

    af = demo_staff["af.handlaggare"]
    (person,) = make(1)
    HistoryReview.objects.create(participant=person, organisation=orgs["af"], completed_on=date(2026, 3, 1),
                                 created_by=af, updated_by=af)  # fmt: skip
    Consent.objects.create(participant=person, given_on=date(2026, 2, 1), form="skriftligt", recorded_by=af)
    Consent.objects.create(participant=person, given_on=date(2026, 6, 1), form="skriftligt", recorded_by=af)
    for day in (date(2026, 3, 1), date(2026, 7, 1)):
        StatusChange.objects.create(participant=person, to_status="genomlysning", changed_by=af, changed_at=at(day))
    year = report(kind="ar").tables["flow"]
    assert [year.columns[t].cells["samtycke"].value for t in range(4)] == [1, 0, 0, 1]
    assert [year.columns[t].cells["genomlysning"].value for t in range(4)] == [1, 0, 0, 1]


def test_figures_take_a_fixed_number_of_queries(make, demo_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            report(tertial=2)
        return len(captured)

    for person in make(5):
        meeting(person, JUNE)
    queries()  # the period is created on the first call
    few = queries()
    for person in make(60):
        meeting(person, JUNE)
    assert queries() == few <= 60


@pytest.fixture
def seventeen_and_three(make, demo_staff, orgs):
    """20 people registered, met, recommended and closed in June; in every breakdown 17 in one row and 3 in another."""
    from questionnaire.models import Questionnaire

    af = demo_staff["af.handlaggare"]
    many = make(17, job_entered_on=date(2023, 1, 1), af_registered_on=date(2010, 1, 1))
    few = make(3, job_entered_on=date(2025, 9, 1), af_registered_on=date(2020, 1, 1), benefit="forsorjningsstod",
               needs_interpreter=True, outside_target_group_reason="Skäl")  # fmt: skip
    Participant.objects.filter(pk__in=[p.pk for p in many]).update(birth_year=1980)
    Participant.objects.filter(pk__in=[p.pk for p in few]).update(birth_year=1990)
    questionnaire = Questionnaire.objects.create(name="Samtal")
    version = copy_to_new_draft(questionnaire=questionnaire)
    section = Section.objects.create(version=version, order=1, title="Planering", insight_area=InsightArea.ACTIVITIES)
    question = Question.objects.create(section=section, order=1, key="plan", type="ja_nej", text="Har du en plan?")
    version = publish_version(version=version)
    to_af = RecommendationCategory.objects.get(name="Arbetsförmedlingen – matchning och jobbsökning")
    to_ama = RecommendationCategory.objects.get(name="Malmö stad – arbetsmarknadsinsats")
    for person in [*many, *few]:
        small = person in few
        meeting(person, JUNE, kind="information", by=af)
        held = meeting(person, JUNE, by=af)
        if small:
            meeting(person, JUNE, kind="information", status="installt", by=af)
        category = to_ama if small else to_af
        r = Recommendation.objects.create(participant=person, meeting=held, category=category, rationale="Skäl",
                                          receiving_organisation=category.default_receiving_organisation,
                                          status="mottagen" if small else "skickad", sent_on=date(2026, 6, 20),
                                          sent_to="Enheten", created_by=af)  # fmt: skip
        RecommendationArea.objects.create(recommendation=r, area="halsa" if small else "arbete")
        response = Response.objects.create(meeting=held, version=version, created_by=af, updated_by=af,
                                           status="slutford", completed_at=at(JUNE))  # fmt: skip
        Answer.objects.create(response=response, question=question, yes_no=not small)
    Participant.objects.filter(pk__in=[p.pk for p in many]).update(status="avslutad", closed_on=date(2026, 7, 1),
                                                                    closing_reason="rekommendation_overlamnad")  # fmt: skip
    Participant.objects.filter(pk__in=[p.pk for p in few]).update(status="avslutad", closed_on=date(2026, 7, 1),
                                                                   closing_reason="flyttat")  # fmt: skip
    return report(tertial=2)


EVERY_TABLE = {
    "flow": ({"Anmäld": "20", "Informationsmöte genomfört": "20", "Samtycke givet": "–", "Samtycket återkallat": "–",
              "Genomlysning klar": "–", "Personer med genomfört flerpartsmöte": "20", "Rekommendation skickad": "20",
              "Avslutad": "20", "Avböjt": "–", "Avbrutet": "–"}, None),
    # The flow's 20 and 20 people with a first meeting are floors under the held meetings: with the total the
    # cancelled ones would be at most 43 - 20 - 20 = 3, so the total is hidden instead.
    "meetings": ({"Informationsmöte, genomförda": "20", "Flerpartsmöte, genomförda": "20",
                  "Uppföljning, genomförda": "–", "Inställda möten": "<5", "Möten där deltagaren uteblev": "–"}, ".."),
    "closing": ({"Rekommendationen är överlämnad": "..", "Avböjt fortsatt deltagande": "–",
                 "Flyttat från Malmö": "<5", "Fått arbete": "–", "Börjat studera": "–", "Fortsatt arbetssökande": "–",
                 "Sjukskriven": "–", "Annat": "–"}, "20"),
    "rec_receiver": ({"Arbetsförmedlingen": "..", "Försäkringskassan": "–",
                      "Malmö stad – Arbetsmarknadsavdelningen": "<5", "Malmö stad – Ekonomiskt bistånd": "–",
                      "Region Skåne": "–"}, "20"),
    "rec_area": ({"Arbete och jobbsökning": "17", "Aktiviteter och planering": "–", "Organisering och kontakt": "–",
                  "Dokumentation": "–", "Hälsa": "<5", "Övriga hinder/begränsningar": "–", "Samverkan": "–"}, None),
    "rec_outcome": ({"Skickad": "..", "Mottagen": "<5", "Genomförd": "–", "Ej genomförd": "–", "Okänt utfall": "–"},
                    "20"),
    "registered": ({"Inom målgruppen": "..", "Utanför målgruppen": "<5"}, "20"),
    "outside": ({"Bor inte i Malmö": "–", "450 dagar eller färre i jobb- och utvecklingsgarantin": "<5",
                 "10 år eller kortare inskriven på Arbetsförmedlingen": "<5"}, None),
    "age": ({"Under 30 år": "–", "30–39 år": "<5", "40–49 år": "..", "50–59 år": "–", "60 år och äldre": "–"}, "20"),
    "job": ({"450 dagar eller färre": "<5", "451–730 dagar": "–", "731–1 095 dagar": "–", "Mer än 1 095 dagar": ".."},
            "20"),
    "af": ({"10 år eller kortare": "<5", "Mer än 10 år, under 15 år": "–", "15–19 år": "..",
            "20 år eller längre": "–"}, "20"),
    "benefit": ({"Aktivitetsstöd": "..", "Försörjningsstöd": "<5", "Sjukpenning": "–", "Annat": "–"}, "20"),
    "interpreter": ({"Behöver tolk": "<5", "Behöver inte tolk": ".."}, "20"),
}  # fmt: skip


@pytest.mark.parametrize("key", [*EVERY_TABLE, "rec_category", "question"])
def test_every_table_prints_a_hand_computed_column(seventeen_and_three, key):
    """17 and 3 of 20 in every breakdown: the 3 reads "<5" and, where there is a total, the 17 hides it (".."),
    since the total would give it away; without a total the 17 stays shown."""
    figures = seventeen_and_three
    if key == "question":
        ((_area, (table,)),) = figures.questionnaire
        assert (printed(table), table.totals[0]) == ({"Ja": "..", "Nej": "<5"}, "20")
        return
    table = figures.tables[key]
    if key == "rec_category":
        shown = {label: text for label, text in printed(table).items() if text != "–"}
        assert shown == {
            "Arbetsförmedlingen – matchning och jobbsökning": "..",
            "Malmö stad – arbetsmarknadsinsats": "<5",
        }
        assert table.totals[0] == "20"
        return
    cells, total = EVERY_TABLE[key]
    assert printed(table) == cells
    assert (table.totals[0] if table.has_total else None) == total


def test_linked_tables_hide_the_same_fact_alike(make):
    """The outside table's AF row is the AF table's first band; with the registered breakdown shown, 59 - 50 - 6
    would give the hidden 3 (reports/links.py)."""
    make(6, af_registered_on=date(2020, 1, 1), outside_target_group_reason="Skäl")
    make(3, af_registered_on=date(2014, 1, 1))
    make(20, af_registered_on=date(2009, 1, 1))
    make(30, af_registered_on=date(2000, 1, 1))
    tables = report(tertial=2).tables
    assert printed(tables["af"]) == {"10 år eller kortare": "..", "Mer än 10 år, under 15 år": "<5",
                                     "15–19 år": "20", "20 år eller längre": "30"}  # fmt: skip
    assert printed(tables["outside"])["10 år eller kortare inskriven på Arbetsförmedlingen"] == ".."
    assert printed(tables["registered"]) == {"Inom målgruppen": "..", "Utanför målgruppen": ".."}
    assert tables["registered"].totals[0] == "59"
    assert any("annan tabell" in note for note in tables["registered"].notes)


def test_answers_are_a_floor_under_the_held_multi_party_meetings(make, questionnaire):
    """One response per meeting (questionnaire/models/responses.py): the question's 8 answers say 8 meetings or
    more, so with "Inställda möten 10" shown, 39 - 20 - 10 - 8 would give the hidden information meeting, 1."""
    _q, (_v1, v2) = questionnaire
    people = make(8)
    for person in people:
        meeting(person, date(2026, 3, 10))  # their first: the flow's tertial-2 people with one are 0
        answer(person, v2, "vecka")
    for n in range(20):
        meeting(people[n % 8], JUNE, kind="uppfoljning")
    for n in range(10):
        meeting(people[n % 8], JUNE, kind="uppfoljning", status="installt")
    meeting(people[0], JUNE, kind="information")
    r = report(tertial=2)
    assert printed(r.questionnaire[0][1][0]) == {"varje vecka": "8", "sällan": "–"}
    assert printed(r.tables["meetings"]) == {"Informationsmöte, genomförda": "<5", "Flerpartsmöte, genomförda": "..",
                                             "Uppföljning, genomförda": "20", "Inställda möten": "..",
                                             "Möten där deltagaren uteblev": "–"}  # fmt: skip
    assert r.tables["meetings"].totals[0] == "39"


def test_an_outside_row_sets_no_floor_under_a_hidden_registered_cell(make):
    make(3)
    make(40, district="utanfor", outside_target_group_reason="Skäl")
    tables = report(tertial=2).tables
    assert printed(tables["registered"]) == {"Inom målgruppen": "<5", "Utanför målgruppen": ".."}
    assert printed(tables["outside"])["Bor inte i Malmö"] == ".."  # 40 would say "Inom" is at most 3


def test_a_person_who_answered_two_versions_is_one_person(make, questionnaire):
    q, (v1, v2) = questionnaire
    v1 = QuestionnaireVersion.objects.get(pk=v1.pk)
    for person in make(4):
        answer(person, v1, "vecka", day=date(2026, 5, 10))
        answer(person, v2, "vecka", day=date(2026, 6, 10))
    ((_area, (table,)),) = report(tertial=2).questionnaire
    cell, total = table.columns[0].cells["vecka"], table.columns[0].total
    assert (cell.value, cell.people, total.value, total.people) == (8, 4, 8, 4)
    assert printed(table) == {"varje vecka": "..", "sällan": "–"}  # 8 answers of 4 people: never "8"
    assert table.totals == ["..", ".."]


def test_steps_that_follow_an_event_are_dated_by_the_event(make, demo_staff, orgs):
    """Withdrawn 28 August and recorded later: "Samtycket återkallat" and "Avbrutet" are both in tertial 2; the
    history review completed 20 August and the step recorded in December: "Genomlysning klar" in tertial 2."""
    from meetings.models import HistoryReview
    from participants.services import register_consent, withdraw_consent

    af = demo_staff["af.handlaggare"]
    withdrawing, reviewed = make(6), make(5)
    for person in withdrawing:
        consent = register_consent(participant=Participant.objects.get(pk=person.pk), given_on=date(2026, 3, 1),
                                   form="skriftligt", by=af)  # fmt: skip
        withdraw_consent(consent=consent, withdrawn_on=date(2026, 8, 28), reason="Vill inte", by=af)
    for person in reviewed:
        HistoryReview.objects.create(participant=person, organisation=orgs["af"], completed_on=date(2026, 8, 20),
                                     created_by=af, updated_by=af)  # fmt: skip
        StatusChange.objects.create(participant=person, to_status="genomlysning", changed_by=af,
                                    changed_at=at(date(2026, 12, 1)))  # fmt: skip
    StatusChange.objects.filter(to_status="avbrutet").update(changed_at=at(date(2026, 9, 15)))  # recorded later
    second, third = (printed(report(tertial=t).tables["flow"]) for t in (2, 3))
    assert [second[k] for k in ("Samtycket återkallat", "Avbrutet", "Genomlysning klar")] == ["6", "6", "5"]
    assert [third[k] for k in ("Samtycket återkallat", "Avbrutet", "Genomlysning klar")] == ["–", "–", "–"]


def test_no_missed_goal_before_the_year_is_over(make, demo_staff, settings):
    from unittest import mock

    assert Goal("x", 2026, 300, False, 44, 44, months_left=0, ended=False).verdict == "44 av 300 hittills (14 %)."
    af = demo_staff["af.handlaggare"]
    for person in make(3):
        meeting(person, JUNE, by=af)
    with mock.patch("reports.report.timezone.localdate", return_value=date(2026, 12, 1)):
        assert report(kind="ar").goal.verdict == "3 av 300 hittills (1 %)."  # a month left: not yet missed
        assert report(tertial=2).goal.verdict == ""
    with mock.patch("reports.report.timezone.localdate", return_value=date(2027, 1, 2)):
        assert report(kind="ar").goal.verdict.startswith("Årsmålet nåddes inte: 3 av 300")
        assert report(tertial=2).goal.verdict == ""  # counts January–August only


def test_the_project_goal_floors_each_years_share_and_gives_each_year_its_verdict(make, demo_staff):
    import re

    from reports.services import render_report_html

    af = demo_staff["af.handlaggare"]
    for person in make(9):
        meeting(person, date(2025, 6, 10), by=af)
    YearTarget.objects.create(year=2025, reviewed_target=10)
    YearTarget.objects.create(year=2026, reviewed_target=0)
    html = render_report_html(ReportingPeriod.objects.create(kind="projekt", year=2025, end_year=2026), for_pdf=False)
    goal = re.sub(
        r"\s+", " ", re.sub("<[^>]+>", " ", html[html.index('id="maluppfyllnad"') : html.index('id="flodet"')])
    )
    assert "2025 9 10 90 % Årsmålet nåddes inte: 9 av 10 (90 %)." in goal
    assert "2026 0 0 Inget årsmål är satt för 2026." in goal
    assert Goal("x", 2026, 300, False, 299, 0).percent == "99 %"


def test_a_chart_names_the_rows_it_leaves_out_and_the_agenda_has_no_empty_heading(make, demo_staff):
    from reports.services import render_report_html

    for n, year in ((20, 1980), (10, 1990), (8, 2000), (3, 1960)):
        Participant.objects.filter(pk__in=[p.pk for p in make(n)]).update(birth_year=year)
    period = ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=2)
    period.steering_meetings.create(meets_on=date(2026, 9, 10), happened="Mycket hände.", challenges="  ")
    html = render_report_html(period, for_pdf=False)
    age = html[html.index("Ålder vid anmälan") :]
    age = age[: age.index("</figure>")]
    assert age.count("<rect") == 2  # a chart only where it shows something: two shown bars
    # 20, 10, 8 and 3: the 3 and the 8 that protects it are hidden; the chart draws the 20 and the 10
    assert "Diagrammet visar inte de rader som inte visas i tabellen: Under 30 år, 60 år och äldre." in age
    agenda = html[html.index('id="dagordning"') : html.index('id="maluppfyllnad"')]
    assert "Mycket hände." in agenda and agenda.count("<h3>") == 1  # the blank text gets no heading


def test_the_csv_of_every_table_prints_the_suppressed_cells_as_the_pdf_does(client, seventeen_and_three, demo_staff,
                                                                             tmp_path):  # fmt: skip
    import csv
    import io

    from reports.services import generate_snapshot
    from reports.tests.conftest import pdf_text

    period = ReportingPeriod.objects.get_or_create(kind="tertial", year=2026, tertial=2)[0]
    snapshot = generate_snapshot(period=period, by=demo_staff["projektledare"])
    text = " ".join(pdf_text(bytes(snapshot.pdf), tmp_path).split())
    client.force_login(demo_staff["styrgrupp"])
    printed_cells = set()
    for table in snapshot.tables:
        response = client.get(f"/rapporter/{snapshot.pk}/tabeller/{table['key']}.csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][1:] == table["header"] and rows[1 : 1 + len(table["rows"])] == table["rows"]
        for row in table["rows"]:
            assert " ".join([row[0], *(c for c in row[1:] if c)]) in text, row  # the PDF prints the same row
            printed_cells.update(row[1:])
    assert {"<5", ".."} <= printed_cells  # the comparison covers both kinds of hidden cell
