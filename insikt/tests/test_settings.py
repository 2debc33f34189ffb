import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from insikt.settings import envbool, envint, envlist

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "p" * 20 + "Qw8!zX2@vB7#nM4$kL9%hJ6^gF3&dS1*aT0(yU5)",
    "ALLOWED_HOSTS": "insikt.example.se",
    "CSRF_TRUSTED_ORIGINS": "https://insikt.example.se",
}


def run(code_or_args, env):
    """Run Python in a fresh process, so that settings are read from exactly this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean.update(env)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_envbool(monkeypatch):
    monkeypatch.setenv("X", "1")
    assert envbool("X", False) is True
    monkeypatch.setenv("X", "off")
    assert envbool("X", True) is False
    monkeypatch.setenv("X", "")
    assert envbool("X", True) is True
    monkeypatch.setenv("X", "kanske")
    with pytest.raises(Exception, match="boolean"):
        envbool("X", True)


def test_envint_and_envlist(monkeypatch):
    monkeypatch.setenv("N", "42")
    assert envint("N", 1) == 42
    monkeypatch.delenv("N")
    assert envint("N", 7) == 7
    monkeypatch.setenv("N", "fyra")
    with pytest.raises(Exception, match="integer"):
        envint("N", 1)
    monkeypatch.setenv("L", " a.se, b.se ,")
    assert envlist("L") == ["a.se", "b.se"]


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run("import insikt.settings", {"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_migration_check_needs_no_secret_but_serving_does():
    assert run(["manage.py", "makemigrations", "--check", "--dry-run"], {}).returncode == 0
    served = run(["manage.py", "check"], {})
    assert served.returncode != 0 and "SECRET_KEY is not set" in served.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" + "x" * 50 + "\n")
    result = run("import insikt.settings as s; print(s.SECRET_KEY)", {"DEBUG": "0", "SECRET_KEY_FILE": str(secret)})
    assert result.stdout.strip() == "from-a-file-" + "x" * 50


def test_database_url_selects_postgresql_else_sqlite():
    code = "import insikt.settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    sqlite = run(code, {"DEBUG": "1"})
    assert sqlite.stdout.startswith("django.db.backends.sqlite3 ")
    assert sqlite.stdout.strip().endswith("db.sqlite3")
    pg = run(code, {"DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.example:5432/insikt"})
    assert pg.stdout.strip() == "django.db.backends.postgresql insikt"


def test_check_deploy_is_clean_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_headers_and_cookies():
    code = (
        "import insikt.settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.X_FRAME_OPTIONS, "
        "s.SECURE_SSL_REDIRECT, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['default-src'])"
    )
    result = run(code, PRODUCTION)
    assert result.stdout.strip() == "31536000 True True DENY True [\"'self'\"]"


def test_every_variable_the_settings_read_is_documented_in_the_readme():
    root = Path(__file__).resolve().parents[2]
    settings_source = (root / "insikt" / "settings.py").read_text()
    read = set(re.findall(r"""env(?:bool|int|list|secret)?\(\s*["']([A-Z_]+)["']""", settings_source))
    read |= set(re.findall(r"""environ(?:\.get\(|\[)\s*["']([A-Z_]+)["']""", settings_source))
    read |= {f"{name}_FILE" for name in re.findall(r"""envsecret\(\s*["']([A-Z_]+)["']""", settings_source)}
    configuration = (root / "README.md").read_text().split("## Configuration")[1].split("\n## ")[0]
    assert len(read) > 20
    assert sorted(name for name in read if f"`{name}`" not in configuration) == []
