"""Findings on the journey over time: where each belongs in time, and a participant page whose query count does
not grow with them."""

from datetime import date, timedelta

from django.utils import timezone

from meetings.findings.timeline import finding_items
from meetings.tests.finding_factories import record
from meetings.timeline import LANE_FINDINGS, build_timeline


def test_each_finding_is_placed_by_its_period_else_the_day_it_was_recorded(world):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    record(participant, af, area="halsa", period_from=date(2019, 4, 1), period_to=date(2019, 10, 31))
    record(participant, af, area="arbete", finding_type="Insatsen passade inte", period_from=date(2021, 2, 1))
    record(participant, af, area="dokumentation", finding_type="Dokumentation saknas eller är fel")
    items = {i.label: i for i in build_timeline(participant, extra_items=finding_items(participant.findings.all())).items
             if i.lane == LANE_FINDINGS}  # fmt: skip
    period = items["Missad möjlighet (AF, hälsa)"]
    assert (period.start, period.end, period.style) == (date(2019, 4, 1), date(2019, 10, 31), "period-finding")
    started = items["Insatsen passade inte (AF, arbete och jobbsökning)"]
    assert (started.start, started.end, started.style) == (date(2021, 2, 1), None, "finding")
    recorded = items["Dokumentation saknas eller är fel (AF, dokumentation)"]
    assert (recorded.start, recorded.style) == (timezone.localdate(), "finding")
    assert not any("Ingen kontakt" in label for label in items)  # the description stays on the finding's page


def test_findings_coded_alike_on_one_day_are_counted_not_merged_away(world):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    record(participant, af, description="Första.")
    record(participant, af, description="Andra.")
    [item] = finding_items(participant.findings.select_related("finding_type", "organisation"))
    assert item.label == "2 × Missad möjlighet (AF, samverkan)"


def test_the_participant_page_draws_findings_on_the_timeline(client, world):
    af = world["staff"]["af.handlaggare"]
    participant = world["own"]
    record(participant, af, area="halsa", period_from=date(2019, 4, 1), period_to=date(2019, 10, 31))
    client.force_login(af)
    page = client.get(f"/deltagare/{participant.pk}/").content.decode()
    svg = page[page.index('<svg class="timeline-svg"') : page.index("</svg>")]
    assert ">Iakttagelser</text>" in svg and "tl-period-finding" in svg
    assert "2019-04-01 – 2019-10-31 Missad möjlighet (AF, hälsa)" in page.replace("</span> ", " ")


def test_the_participant_page_query_count_does_not_grow_with_findings(client, world, django_assert_max_num_queries):
    af, malmo = world["staff"]["af.handlaggare"], world["staff"]["malmo.handlaggare"]
    participant = world["shared"]
    client.force_login(af)
    record(participant, af)
    with django_assert_max_num_queries(40) as few:
        assert client.get(f"/deltagare/{participant.pk}/").status_code == 200
    for n in range(8):
        record(participant, malmo if n % 2 else af, area="arbete" if n % 3 else "halsa",
               finding_type="Samordning saknades" if n % 2 else "Missad möjlighet", organisation=None,
               other_organisation="Kriminalvården", period_from=timezone.localdate() - timedelta(days=100 + n))  # fmt: skip
    with django_assert_max_num_queries(40) as many:
        assert client.get(f"/deltagare/{participant.pk}/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
