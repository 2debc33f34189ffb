"""Every cell of the figures against a small data set computed by hand."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from stdnum import luhn

from meetings.models import Meeting, Recommendation, RecommendationArea, RecommendationCategory
from participants.models import Consent, ConsentWithdrawal, Participant, StatusChange
from reports.figures import Figures
from reports.models import ReportingPeriod, YearTarget

STHLM = ZoneInfo("Europe/Stockholm")


def pnr(born: date, serial: int = 980) -> str:
    body = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y}"[:2] + body + luhn.calc_check_digit(body)


def at(day: date):
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=STHLM)


@pytest.fixture
def data(demo_staff, orgs):
    af, malmo = demo_staff["af.handlaggare"], demo_staff["malmo.handlaggare"]

    def participant(born, registered_on, org, **fields):
        values = {
            "personnummer": pnr(born), "first_name": "Hemlig", "last_name": "Hemligsson", "district": "centrum",
            "benefit": "aktivitetsstod", "af_registered_on": date(2010, 1, 1), "job_entered_on": date(2023, 1, 1),
            "registered_on": registered_on, "registering_organisation": orgs[org],
        }  # fmt: skip
        return Participant.objects.create(**{**values, **fields})

    p1 = participant(date(1990, 4, 4), date(2026, 5, 10), "af")
    p2 = participant(date(1970, 3, 3), date(2026, 6, 1), "ama", benefit="forsorjningsstod", needs_interpreter=True)
    p3 = participant(date(1996, 2, 2), date(2026, 1, 15), "af", district="utanfor", outside_target_group_reason="Skäl")
    for p, steps in [
        (p1, [("anmald", date(2026, 5, 10)), ("informerad", date(2026, 5, 20)), ("samtycke", date(2026, 6, 1)),
              ("flerpartsmote", date(2026, 7, 1))]),
        (p2, [("anmald", date(2026, 6, 1))]),
        (p3, [("anmald", date(2026, 1, 15)), ("informerad", date(2026, 2, 1)), ("flerpartsmote", date(2026, 3, 1))]),
    ]:  # fmt: skip
        for status, day in steps:
            StatusChange.objects.create(participant=p, to_status=status, changed_by=af, changed_at=at(day))
    Consent.objects.create(participant=p1, given_on=date(2026, 6, 1), form="skriftligt", recorded_by=af)
    withdrawn = Consent.objects.create(participant=p3, given_on=date(2026, 2, 1), form="muntligt", recorded_by=af)
    ConsentWithdrawal.objects.create(consent=withdrawn, withdrawn_on=date(2026, 6, 15), reason="x", recorded_by=af)
    for p, kind, status, day, by in [
        (p1, "information", "genomfort", date(2026, 5, 20), af),
        (p1, "flerpart", "genomfort", date(2026, 7, 1), af),
        (p2, "information", "installt", date(2026, 6, 10), malmo),
        (p3, "flerpart", "uteblev", date(2026, 2, 20), af),
    ]:
        Meeting.objects.create(participant=p, kind=kind, status=status, starts_at=at(day), booked_by=by, place="Rum 1",
                               cancel_reason="Sjuk" if status == "installt" else "")  # fmt: skip
    held = Meeting.objects.get(participant=p1, kind="flerpart")
    category = RecommendationCategory.objects.order_by("position").first()
    recommendation = Recommendation.objects.create(
        participant=p1, meeting=held, category=category, receiving_organisation=orgs["ama"], rationale="Hemlig motivering",
        status="mottagen", sent_on=date(2026, 7, 2), sent_to="AMA mottagning", created_by=af,
    )  # fmt: skip
    RecommendationArea.objects.create(recommendation=recommendation, area="arbete")
    RecommendationArea.objects.create(recommendation=recommendation, area="halsa")
    p2.status, p2.closed_on, p2.closing_reason = "avslutad", date(2026, 8, 1), "flyttat"
    p2.save()
    YearTarget.objects.create(year=2026, reviewed_target=10)
    return ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=2)


def cells(table):
    return {row["label"]: (row["period"], row["cumulative"]) for row in table.rows}


def test_every_cell_without_suppression(data, settings):
    settings.REPORT_SUPPRESSION_THRESHOLD = 0
    figures = Figures(data)
    assert figures.goal == {
        "target": 10, "in_period": 1, "year_to_date": 2, "percent": 20, "cumulative_by_month": [0, 0, 1, 1, 1, 1, 2, 2],
        "pace_needed": 2, "months_left": 4, "threshold": 0,
    }  # fmt: skip
    assert cells(figures.tables["flow"]) == {
        "Anmäld": ("2", "3"), "Informerad": ("1", "2"), "Samtycke givet": ("1", "1"), "Genomlysning klar": ("0", "0"),
        "Flerpartsmöte hållet": ("1", "2"), "Rekommendation lämnad": ("0", "0"), "Avslutad": ("0", "0"),
        "Avböjt": ("0", "0"), "Avbrutet": ("0", "0"),
    }  # fmt: skip
    assert cells(figures.tables["consent"]) == {
        "Samtycken som lämnats": ("1", "2"),
        "Samtycken som återkallats": ("1", "1"),
    }
    assert cells(figures.tables["meetings"]) == {
        "Informationsmöte, hållna": ("1", "1"), "Flerpartsmöte, hållna": ("1", "1"), "Uppföljning, hållna": ("0", "0"),
        "Inställda möten": ("1", "1"), "Möten där deltagaren uteblev": ("0", "1"),
    }  # fmt: skip
    assert figures.tables["meetings"].period.total_shown == "3"
    assert cells(figures.tables["registered"]) == {"Inom målgruppen": ("2", "2"), "Utanför målgruppen": ("0", "1")}
    assert cells(figures.tables["outside"])["Bor inte i Malmö"] == ("0", "1")
    assert cells(figures.tables["age"]) == {
        "Under 30 år": ("0", "0"), "30–39 år": ("1", "2"), "40–49 år": ("0", "0"), "50–59 år": ("1", "1"),
        "60 år och äldre": ("0", "0"),
    }  # fmt: skip
    assert cells(figures.tables["benefit"])["Försörjningsstöd"] == ("1", "1")
    assert cells(figures.tables["interpreter"]) == {"Behöver tolk": ("1", "1"), "Behöver inte tolk": ("1", "2")}
    category = RecommendationCategory.objects.order_by("position").first()
    assert cells(figures.tables["rec_category"])[category.name] == ("1", "1")
    assert sum(int(p) for p, _ in cells(figures.tables["rec_category"]).values()) == 1
    assert cells(figures.tables["rec_receiver"])["Malmö stad – Arbetsmarknadsavdelningen"] == ("1", "1")
    assert (
        cells(figures.tables["rec_area"])["Hälsa"]
        == ("1", "1")
        == cells(figures.tables["rec_area"])["Arbete och jobbsökning"]
    )
    assert cells(figures.tables["rec_outcome"])["Mottagen"] == ("1", "1")
    assert cells(figures.tables["closing"])["Flyttat från Malmö"] == ("1", "1")
    assert cells(figures.tables["age"])["30–39 år"] and figures.tables["age"].rows[1]["period_pct"] == "50 %"


def test_the_same_figures_with_suppression(data, settings):
    settings.REPORT_SUPPRESSION_THRESHOLD = 5
    figures = Figures(data)
    for table in figures.tables.values():
        for row in table.rows:
            assert row["period"] == "<5" and row["cumulative"] == "<5"
        if table.show_total:
            assert table.period.total_shown == "<5"


def test_figures_take_a_fixed_number_of_queries(data, django_assert_max_num_queries, demo_staff):
    with django_assert_max_num_queries(60):
        Figures(data)


def test_no_personal_data_reaches_the_pdf(data, tmp_path, demo_staff):
    from reports.services import generate_snapshot
    from reports.tests.conftest import pdf_text

    text = pdf_text(bytes(generate_snapshot(period=data, by=demo_staff["projektledare"]).pdf), tmp_path)
    assert "Hemlig" not in text
    for participant in Participant.objects.all():
        assert participant.personnummer not in text and participant.formatted_personnummer[:8] not in text
        assert participant.birth_date.isoformat() not in text
