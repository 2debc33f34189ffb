"""Migration 0007 (issue 15): each period's steering texts become a steering-group meeting on the period's last day."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0006_quotes_steering_meetings_exports")]
AFTER = [("reports", "0007_steering_texts_into_meetings")]


@pytest.mark.django_db(transaction=True)
def test_the_steering_texts_move_into_a_meeting_and_the_model_goes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    period = apps.get_model("reports", "ReportingPeriod").objects.create(
        kind="tertial", year=2026, tertial=2, starts_on="2026-05-01", ends_on="2026-08-31"
    )
    apps.get_model("reports", "SteeringTexts").objects.create(
        period=period,
        happened="Hänt.",
        challenges="Svårt.",
        learnings="Lärt.",
        decisions="Beslut?",
        goal_comment="Mål.",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    [meeting] = apps.get_model("reports", "SteeringMeeting").objects.all()
    assert (meeting.period_id, str(meeting.meets_on)) == (period.pk, "2026-08-31")
    assert [meeting.happened, meeting.challenges, meeting.learnings, meeting.decisions_needed, meeting.goal_comment] == [
        "Hänt.", "Svårt.", "Lärt.", "Beslut?", "Mål."]  # fmt: skip
    assert "reports_steeringtexts" not in connection.introspection.table_names()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the rest of the suite runs on the latest schema
