"""Backup drill: seed a fresh database, dump it, restore the dump into another, compare everything.

Runs against the PostgreSQL server of DATABASE_URL, in two databases of its own (dropped first and
kept afterwards for inspection). Prints the figures and fails on any difference.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


class Command(BaseCommand):
    help = (
        "Övning i säkerhetskopiering: seed, pg_dump, återställ i ny databas, jämför radantal och rapporternas SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=200, help="Antal demodeltagare (standard 200).")
        parser.add_argument("--prefix", default="insikt_drill", help="Namnprefix för övningens två databaser.")

    def handle(self, *args, participants, prefix, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("Övningen kräver PostgreSQL: sätt DATABASE_URL=postgres://…")
        if participants < 1:
            raise CommandError("--participants måste vara minst 1.")
        source, restored = f"{prefix}_source", f"{prefix}_restored"
        server = {key: db[key.upper()] for key in ("host", "port", "user", "password") if db[key.upper()]}
        started = time.perf_counter()
        for name in (source, restored):
            self.recreate(server, name)
        source_url = self.url(db, source)
        env = {**os.environ, "DATABASE_URL": source_url, "DEBUG": "1"}
        self.run([sys.executable, MANAGE, "migrate", "--noinput", "-v0"], env)
        self.run([sys.executable, MANAGE, "seed_demo", "--participants", str(participants)], env)
        self.run([sys.executable, MANAGE, "shell", "-c", GENERATE_REPORT], env)
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "insikt.dump"
            self.run(["pg_dump", "-Fc", "-f", str(dump), "-d", source_url], env)
            self.run(["pg_restore", "--no-owner", "-d", self.url(db, restored), str(dump)], env)
            dump_size = dump.stat().st_size
        before, after = self.inventory(server, source), self.inventory(server, restored)
        differences = [t for t in sorted(set(before) | set(after)) if before.get(t) != after.get(t)]
        tables = {t: v for t, v in before.items() if not t.startswith("sha256:")}
        self.stdout.write(f"Tabeller: {len(tables)}, rader: {sum(tables.values())}, dump: {dump_size / 1024:.0f} KiB")
        for key in sorted(k for k in before if k.startswith("sha256:")):
            self.stdout.write(f"Rapport {key[7:]}: {before[key]} → {after.get(key)}")
        self.stdout.write(f"Tid: {time.perf_counter() - started:.1f} s")
        if differences:
            for table in differences:
                self.stderr.write(f"SKILLNAD {table}: {before.get(table)} → {after.get(table)}")
            raise CommandError(f"Återställningen skiljer sig i {len(differences)} tabeller eller rapporter.")
        self.stdout.write(self.style.SUCCESS("Återställningen är identisk: alla radantal och kontrollsummor stämmer."))

    def run(self, command, env):
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            step = " ".join(Path(part).name for part in command[:3])
            raise CommandError(f"{step} misslyckades:\n{result.stderr[-2000:]}")

    def url(self, db, name):
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"

    def recreate(self, server, name):
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')

    def inventory(self, server, name) -> dict[str, object]:
        """Row count of every table, and the SHA-256 of every stored report, recomputed from the bytes."""
        result = {}
        with psycopg.connect(dbname=name, **server) as conn:
            tables = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
            for (table,) in tables:
                result[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - names from the catalogue
            for pk, pdf, stored in conn.execute("SELECT id, pdf, sha256 FROM reports_reportsnapshot ORDER BY id"):
                actual = hashlib.sha256(bytes(pdf)).hexdigest()
                result[f"sha256:{pk}"] = actual if actual == stored else f"{actual} (lagrad: {stored})"
        return result


GENERATE_REPORT = """
from insikt.models import User
from reports.models import PeriodKind, ReportingPeriod
from reports.services import generate_snapshot
from django.utils import timezone
today = timezone.localdate()
period, _ = ReportingPeriod.objects.get_or_create(kind=PeriodKind.YEAR, year=today.year)
generate_snapshot(period=period, by=User.objects.get(username="projektledare"))
"""
