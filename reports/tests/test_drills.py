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


def test_load_drill_short_mode_has_no_errors(capsys):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the load drill runs gunicorn against PostgreSQL")
    call_command("load_drill", users=3, seconds=3, participants=40, port=8766, workers=2, database="insikt_load_test",
                 think=0.2, throughput_seconds=1)  # fmt: skip
    out = capsys.readouterr().out
    assert "Fel: 0" in out
    assert "Inloggning (före mätningen): 3 användare" in out and "betänketid 0.2 s" in out
    assert "Genomströmning utan betänketid: inloggningssidan" in out
    requests = int(out.split("anrop: ")[1].split()[0])
    assert requests > 10
    assert "p95:" in out and "Anrop per sekund:" in out
