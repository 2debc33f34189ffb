"""Anonymised participants keep no personnummer at all (NULL) instead of a placeholder that could collide."""

import participants.personnummer
from django.db import migrations, models


def clear_placeholders(apps, schema_editor):
    participant = apps.get_model("participants", "Participant")
    participant.objects.filter(anonymised_at__isnull=False).update(personnummer=None)


class Migration(migrations.Migration):

    dependencies = [
        ('insikt', '0007_account_admin_and_history'),
        ('participants', '0004_anonymised_at'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='participant',
            name='personnummer_12_digits',
        ),
        migrations.AlterField(
            model_name='participant',
            name='personnummer',
            field=models.CharField(help_text='ÅÅÅÅMMDD-XXXX eller ÅÅMMDD-XXXX', max_length=12, null=True, unique=True, validators=[participants.personnummer.validate_normalised], verbose_name='personnummer'),
        ),
        migrations.RunPython(clear_placeholders, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='participant',
            constraint=models.CheckConstraint(condition=models.Q(('personnummer__isnull', True), ('personnummer__regex', '^[0-9]{12}$'), _connector='OR'), name='personnummer_12_digits'),
        ),
        migrations.AddConstraint(
            model_name='participant',
            constraint=models.CheckConstraint(condition=models.Q(('personnummer__isnull', False), ('anonymised_at__isnull', False), _connector='OR'), name='personnummer_unless_anonymised'),
        ),
    ]
