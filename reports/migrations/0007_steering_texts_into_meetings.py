"""The steering group's texts of a period become a steering-group meeting on the period's last day (issue 15), and
the records that forms create remember the form's one-time token."""

from django.db import migrations, models


def texts_into_meetings(apps, schema_editor):
    SteeringTexts = apps.get_model("reports", "SteeringTexts")
    SteeringMeeting = apps.get_model("reports", "SteeringMeeting")
    for texts in SteeringTexts.objects.select_related("period"):
        SteeringMeeting.objects.create(
            meets_on=texts.period.ends_on,
            period=texts.period,
            happened=texts.happened,
            challenges=texts.challenges,
            learnings=texts.learnings,
            decisions_needed=texts.decisions,
            goal_comment=texts.goal_comment,
        )


def meetings_into_texts(apps, schema_editor):
    """Back: the latest meeting of each period gives the period its texts."""
    SteeringTexts = apps.get_model("reports", "SteeringTexts")
    SteeringMeeting = apps.get_model("reports", "SteeringMeeting")
    for meeting in SteeringMeeting.objects.order_by("period_id", "-meets_on").distinct():
        SteeringTexts.objects.get_or_create(
            period_id=meeting.period_id,
            defaults={
                "happened": meeting.happened,
                "challenges": meeting.challenges,
                "learnings": meeting.learnings,
                "decisions": meeting.decisions_needed,
                "goal_comment": meeting.goal_comment,
            },
        )


def token():
    return models.UUIDField(blank=True, editable=False, null=True, unique=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_quotes_steering_meetings_exports"),
    ]

    operations = [
        migrations.AddField(model_name="steeringmeeting", name="request_token", field=token()),
        migrations.AddField(model_name="agendapoint", name="request_token", field=token()),
        migrations.AddField(model_name="agendadocument", name="request_token", field=token()),
        migrations.AddField(model_name="steeringdecision", name="request_token", field=token()),
        migrations.RunPython(texts_into_meetings, meetings_into_texts),
        migrations.DeleteModel(name="SteeringTexts"),
    ]
