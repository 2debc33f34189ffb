"""The journey over time: what goes on the timeline, how it is laid out, and the participant page that shows it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from meetings.models import HistoryReview, ProgrammeType, ReviewBenefit, ReviewProgramme
from meetings.tests.factories import book, consent, hold
from meetings.timeline import LANE_RECOMMENDATIONS, TimelineItem, build_timeline, layout

TODAY = date(2026, 6, 1)


def test_layout_puts_periods_and_points_on_one_axis_with_years():
    items = [
        TimelineItem("program", "Praktik", date(2020, 1, 1), end=date(2020, 12, 31), style="period-programme"),
        TimelineItem("program", "Lönebidrag", date(2020, 6, 1), end=date(2021, 6, 1), style="period-programme"),
        TimelineItem("moten", "Informationsmöte (genomfört)", date(2026, 2, 1), style="meeting-held"),
        TimelineItem("moten", "Flerpartsmöte (bokat)", date(2026, 2, 3), style="meeting-booked"),
    ]
    timeline = layout(items, today=TODAY)
    assert timeline.start == date(2020, 1, 1) and timeline.end > TODAY
    assert [t.label for t in timeline.ticks] == [str(y) for y in range(2020, 2027)]
    praktik, lonebidrag = timeline.bars
    assert praktik.x < lonebidrag.x < praktik.x + praktik.width  # they overlap in time …
    assert praktik.y != lonebidrag.y  # … so they are on separate rows
    held, booked = timeline.markers
    assert held.x < booked.x and held.y != booked.y  # close in time: stacked, none hidden
    assert timeline.plot_left <= praktik.x and booked.x <= timeline.plot_right
    assert timeline.today_x > booked.x
    assert [lane.key for lane in timeline.lanes] == ["af", "program", "ersattning", "insikt", "samtycke", "moten"]
    assert {style for style, _shape, _text in timeline.legend} == {"period-programme", "meeting-held", "meeting-booked"}


def test_identical_periods_from_two_reviews_are_drawn_once():
    period = TimelineItem("ersattning", "Aktivitetsstöd", date(2022, 1, 1), ongoing=True, style="period-benefit")
    timeline = layout([period, period], today=TODAY)
    assert len(timeline.bars) == 1 and len(timeline.items) == 1


def test_a_later_app_adds_events_through_extra_items(world):
    recommendation = TimelineItem(LANE_RECOMMENDATIONS, "Rekommendation: Region Skåne", TODAY, style="recommendation")
    timeline = build_timeline(world["own"], extra_items=[recommendation], today=TODAY)
    assert timeline.lanes[-1].label == "Rekommendationer"
    assert any(m.style == "recommendation" and "Region Skåne" in m.title for m in timeline.markers)
    assert recommendation in timeline.items


@pytest.fixture
def journey(world):
    af, malmo = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    participant = world["shared"]
    consent(participant, af)
    info = book(participant, af, kind="information", starts_at=timezone.now() - timedelta(days=2))
    hold(info, af)
    book(participant, af, kind="flerpart", starts_at=timezone.now() + timedelta(days=5), staff=[af, malmo])
    review = HistoryReview.objects.create(
        participant=participant, organisation=af.organisation, created_by=af, updated_by=af, completed_on=TODAY
    )
    ReviewProgramme.objects.create(
        review=review,
        programme_type=ProgrammeType.objects.get(name="Arbetsträning"),
        provider="Fortuna",
        starts_on=date(2015, 3, 1),
        ends_on=date(2015, 9, 30),
    )
    ReviewBenefit.objects.create(review=review, benefit_type="forsorjningsstod", starts_on=date(2014, 1, 1))
    return participant


def test_the_timeline_holds_the_whole_journey(journey):
    timeline = build_timeline(journey)
    labels = {item.label for item in timeline.items}
    assert {
        "Inskriven på Arbetsförmedlingen",
        "Jobb- och utvecklingsgarantin",
        "Arbetsträning, Fortuna",
        "Försörjningsstöd",
        "Anmäld till Insikt",
        "Samtycke givet",
        "Sekretessgenombrott mot Malmö stad AMA",
        "Sekretessgenombrott mot Ekonomiskt bistånd",
        "Informationsmöte (genomfört)",
        "Flerpartsmöte (bokat)",
        "Genomlysning klar (AF)",
    } <= labels
    job = next(i for i in timeline.items if i.label == "Jobb- och utvecklingsgarantin")
    assert job.start == journey.job_entered_on and job.ongoing
    assert timeline.start == date(journey.af_registered_on.year, 1, 1)


def test_the_review_s_dated_events_and_the_closing_are_on_the_timeline(journey, world):
    from meetings.models import ReviewEvent
    from participants import services as participant_services

    af = world["staff"]["af.handlaggare"]
    review = journey.history_reviews.get()
    ReviewEvent.objects.create(review=review, category="halsa", occurred_on=date(2019, 5, 1),
                               description="Långvarig sjukskrivning")  # fmt: skip
    ReviewEvent.objects.create(review=review, category="boende", description="Utan datum")
    journey.refresh_from_db()
    closed_on = timezone.localdate()
    participant_services.close_participant(participant=journey, reason="arbete", closed_on=closed_on,
                                           expected_version=journey.version, by=af)  # fmt: skip
    journey.refresh_from_db()
    items = build_timeline(journey).items
    [event] = [i for i in items if i.lane == "handelser"]
    assert (event.label, event.start, event.style) == ("Hälsa", date(2019, 5, 1), "event")
    assert "Långvarig" not in " ".join(i.label for i in items)  # the text stays in the review
    [closed] = [i for i in items if i.label.startswith("Avslutad")]
    assert closed.start == closed_on and closed.label == "Avslutad: fått arbete"


def test_the_participant_page_shows_the_timeline_meetings_and_reviews(client, journey, world):
    client.force_login(world["staff"]["malmo.handlaggare"])
    page = client.get(f"/deltagare/{journey.pk}/").content.decode()
    assert "Resan över tid" in page
    assert '<svg class="timeline-svg"' in page and 'role="img"' in page and "<script" not in page.split("<footer")[0]
    assert "Arbetsträning, Fortuna" in page  # in the SVG and in the list below it
    assert page.count("Informationsmöte (genomfört)") >= 2
    assert "Boka möte" in page and "Flerpartsmöte</a>" in page
    assert "AF:</strong> klar" in page and "Malmö stad AMA" in page
    # Coordinates are written with a decimal point whatever the language (sv would write 12,5).
    svg = page[page.index('<svg class="timeline-svg"') : page.index("</svg>")]
    assert "," not in svg.split('viewBox="')[1].split('"')[0]
    assert all("," not in part for part in svg.split(' x="')[1:] for part in [part.split('"')[0]])


def test_the_participant_page_query_count_does_not_grow_with_meetings(client, world, django_assert_max_num_queries):
    af = world["staff"]["af.handlaggare"]
    participant = world["shared"]
    consent(participant, af)
    review = HistoryReview.objects.create(
        participant=participant, organisation=af.organisation, created_by=af, updated_by=af
    )
    kind = ProgrammeType.objects.first()

    def add(meetings, programmes):
        for index in range(meetings):
            book(participant, af, starts_at=timezone.now() - timedelta(days=index + 2))
        for _ in range(programmes):
            year = 2000 + ReviewProgramme.objects.count()
            ReviewProgramme.objects.create(review=review, programme_type=kind, starts_on=date(year, 1, 1))
            ReviewBenefit.objects.create(review=review, benefit_type="annat", starts_on=date(year, 1, 1))

    client.force_login(af)
    add(meetings=1, programmes=1)
    with django_assert_max_num_queries(40) as few:
        assert client.get(f"/deltagare/{participant.pk}/").status_code == 200
    add(meetings=12, programmes=9)
    HistoryReview.objects.create(
        participant=participant,
        organisation=world["staff"]["malmo.handlaggare"].organisation,
        created_by=af,
        updated_by=af,
    )
    with django_assert_max_num_queries(40) as many:
        assert client.get(f"/deltagare/{participant.pk}/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
