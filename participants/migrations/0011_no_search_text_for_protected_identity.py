from django.db import migrations


def clear_search_text(apps, schema_editor):
    """A person with protected personal data is not found by a typed name or birth date (search_text in
    participants/models/participant.py): empty the text already stored for them, in one UPDATE."""
    Participant = apps.get_model("participants", "Participant")
    Participant.objects.exclude(protected_identity="").exclude(search_text="").update(search_text="")


def refill_search_text(apps, schema_editor):
    """Back to the names and birth date, as the text was written before this migration."""
    from participants.models.participant import search_text

    Participant = apps.get_model("participants", "Participant")
    batch = []
    for participant in Participant.objects.filter(anonymised_at__isnull=True).exclude(protected_identity=""):
        participant.protected_identity = ""  # only for the text: the row's flag is not written
        participant.search_text = search_text(participant)
        batch.append(participant)
    Participant.objects.bulk_update(batch, ["search_text"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0010_person_outcomes_protected_identity'),
    ]

    operations = [
        migrations.RunPython(clear_search_text, refill_search_text),
    ]
