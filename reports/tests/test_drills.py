import pytest
from django.conf import settings
from django.core.management import CommandError, call_command


def test_backup_drill_restores_an_identical_database(capsys):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the backup drill uses pg_dump and pg_restore")
    call_command("backup_drill", participants=10, prefix="insikt_drill_test")
    out = capsys.readouterr().out
    assert "Återställningen är identisk" in out
    assert "Rapport " in out and "Tabeller:" in out


def test_backup_drill_explains_what_it_needs():
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        with pytest.raises(CommandError, match="minst 1"):
            call_command("backup_drill", participants=0)
    else:
        with pytest.raises(CommandError, match="kräver PostgreSQL"):
            call_command("backup_drill", participants=10)
