"""Benchmark of the steering group's reports on a large, separate data set.

Seeds its own PostgreSQL database (default 10,000 demo participants with their meetings, answers
and recommendations), then measures, for computing the figures and for rendering each report
kind as PDF: the median wall time of three runs (timed without tracemalloc, which slows the PDF step
several times over), the number of SQL queries, and, in a separate pass, peak Python memory.
Prints figures; asserts nothing.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")

MEASURE = """
import resource, statistics, time, tracemalloc
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reports.models import PeriodKind, ReportingPeriod
from reports.pdf import render_pdf
from reports.report import Report
from reports.services import render_report_html

year = timezone.localdate().year
tertial = 1 + (timezone.localdate().month - 1) // 4
periods = [
    ReportingPeriod.objects.get_or_create(kind=PeriodKind.TERTIAL, year=year, tertial=tertial)[0],
    ReportingPeriod.objects.get_or_create(kind=PeriodKind.YEAR, year=year)[0],
]
RUNS = 3

def measure(label, work):
    # Time first, without tracemalloc (it slows rendering several times over); memory in a pass of its own.
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = work()
            times.append(time.perf_counter() - started)
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    median = statistics.median(times)
    print(f"{label:<42} {median:7.2f} s median of {RUNS} {len(queries):5d} queries {peak / 2**20:7.1f} MiB peak")
    return result

for period in periods:
    measure(f"Figures: {period}", lambda: Report(period))
    html = measure(f"HTML (figures included): {period}", lambda: render_report_html(period))
    pdf = measure(f"PDF: {period}", lambda: render_pdf(html))
    print(f"{'':<42} {len(pdf) / 1024:7.0f} KiB PDF")
print(f"Process peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
"""


class Command(BaseCommand):
    help = "Mäter rapporternas beräkning och PDF-rendering på ett stort separat dataset (tid, SQL-frågor, minne)."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=10_000)
        parser.add_argument("--database", default="insikt_bench", help="PostgreSQL-databas som mätningen äger")
        parser.add_argument("--reuse", action="store_true", help="Använd befintliga data i databasen")

    def handle(self, *args, participants, database, reuse, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("Mätningen kräver PostgreSQL: sätt DATABASE_URL=postgres://…")
        if participants < 1:
            raise CommandError("--participants måste vara minst 1.")
        server = {key: db[key.upper()] for key in ("host", "port", "user", "password") if db[key.upper()]}
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
            if not reuse:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
                conn.execute(f'CREATE DATABASE "{database}"')
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{database}"
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
        self.run([sys.executable, MANAGE, "migrate", "--noinput", "-v0"], env)
        if not reuse:
            self.stdout.write(f"Skapar {participants} demodeltagare i {database} …")
            self.run([sys.executable, MANAGE, "seed_demo", "--no-reports", "--participants", str(participants)], env)
        with psycopg.connect(dbname=database, autocommit=True, **server) as conn:
            conn.execute("ANALYZE")  # as autovacuum would have done in a live database: the planner needs statistics
        self.stdout.write(self.run([sys.executable, MANAGE, "shell", "-v", "0", "-c", MEASURE], env))

    def run(self, command, env) -> str:
        result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)  # noqa: S603
        if result.returncode:
            raise CommandError(f"{' '.join(command[1:3])} misslyckades:\n{result.stderr[-2000:]}")
        return result.stdout
