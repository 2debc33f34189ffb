"""Server time of the caseworker's pages at several register sizes: median, queries, ratio to the smallest.

Each size gets a database of its own on the same PostgreSQL server (`<name>_<size>`), seeded once
with `seed_demo --participants <size>` and reused by later runs. Each size is measured in a child
process that holds only that database, so the figures don't share caches. No timed tests: this
prints figures; README, "Performance figures", records them with the machine they came from.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from unittest import mock

import psycopg
import psycopg.sql
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

USER = "af.handlaggare"
# Measured as served: DEBUG off (no query log, cached templates), on the test client's host name.
PRODUCTION_LIKE = {"DEBUG": "0", "SECRET_KEY": "bench-pages-only", "ALLOWED_HOSTS": "testserver",
                   "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0"}  # fmt: skip


def pages(user) -> dict[str, str]:
    """The pages a caseworker uses, with one of their own participants, meetings and answers."""
    from meetings.access import my_meetings
    from participants.access import visible_participants
    from questionnaire.models import Response

    participant = visible_participants(user).filter(responsible__user=user).order_by("registered_on").first()
    meeting = my_meetings(user).order_by("starts_at").first()
    response = Response.objects.filter(participant__responsible__user=user).order_by("created_at").first()
    found = {
        "start /": "/",
        "deltagarlistan": "/deltagare/",
        "deltagarlistan, anmäld": "/deltagare/?sort=-anmald",
        "deltagarlistan, sök namn": "/deltagare/?q=Hadzic",
        "deltagarlistan, sida 3": "/deltagare/?sida=3",
        "möten /moten/": "/moten/",
        "rekommendationer till oss": "/rekommendationer/till-oss/",
        "uppföljning": "/rekommendationer/uppfoljning/",
    }
    if participant:
        found["deltagarsidan"] = f"/deltagare/{participant.pk}/"
    if meeting:
        found["mötessidan"] = f"/moten/{meeting.pk}/"
    if response:
        found["formulärsvar"] = f"/formular/svar/{response.meeting_id}/{response.questionnaire_id}/visa/"
    return found


def measure(client, url: str, runs: int) -> dict:
    for _ in range(2):
        response = client.get(url)  # warm: template and plan caches
        if response.status_code != 200:
            raise CommandError(f"{url}: HTTP {response.status_code}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {"ms": statistics.median(times), "queries": len(queries)}


def measure_all(runs: int) -> dict:
    from insikt.models import User
    from participants.models import Participant
    from participants.views import lists

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")  # as autovacuum leaves a live database: statistics and visibility map
    user = User.objects.get(username=USER)
    client = Client()
    client.force_login(user)
    figures = {name: measure(client, url, runs) for name, url in pages(user).items()}
    # The same list with no access check at all: what the guard itself costs.
    with mock.patch.object(lists, "visible_participants", lambda *a, **k: Participant.objects.all()):
        figures["deltagarlistan utan behörighetskontroll"] = measure(client, "/deltagare/", runs)
    return figures


class Command(BaseCommand):
    help = "Mäter sidornas servertid vid olika registerstorlekar (PostgreSQL). Skriver ut median, frågor och kvot."

    def add_arguments(self, parser):
        parser.add_argument("--participants", default="5000,50000,200000", help="Storlekar, kommaseparerade.")
        parser.add_argument("--requests", type=int, default=20, help="Anrop per sida och storlek (minst 20).")
        parser.add_argument("--one", action="store_true", help=argparse_hidden())

    def handle(self, *args, participants, requests, one, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_pages mäter på PostgreSQL: sätt DATABASE_URL.")
        if requests < 20:
            raise CommandError("--requests måste vara minst 20.")
        if one:
            self.stdout.write(json.dumps(measure_all(requests)))
            return
        try:
            sizes = [int(size) for size in participants.split(",")]
        except ValueError:
            raise CommandError("--participants: ange storlekar som heltal, t.ex. 5000,50000.") from None
        results = {size: self.run_size(size, requests) for size in sizes}
        self.report(sizes, results)

    def run_size(self, size: int, requests: int) -> dict:
        name = f"{connection.settings_dict['NAME']}_{size}"
        env = {**os.environ, "DATABASE_URL": database_url(name), **PRODUCTION_LIKE}
        manage = [sys.executable, "manage.py"]
        self.stderr.write(f"{size} deltagare: databas {name}")
        create_database(name)
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)  # noqa: S603 - our own manage.py
        subprocess.run([*manage, "seed_demo", "--participants", str(size), "--no-reports", "--force"], env=env,  # noqa: S603
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        out = subprocess.run([*manage, "bench_pages", "--one", "--requests", str(requests)], env=env,  # noqa: S603
                             check=True, capture_output=True, text=True)  # fmt: skip
        return json.loads(out.stdout.strip().splitlines()[-1])

    def report(self, sizes, results):
        base = sizes[0]
        header = "".join(f"{size:>16,}".replace(",", " ") for size in sizes)
        self.stdout.write(f"{'sida':<40}{header}   (median ms / frågor, kvot mot {base:,})".replace(",", " "))
        for page in results[base]:
            cells = []
            for size in sizes:
                figure = results[size].get(page)
                if figure is None:
                    cells.append(f"{'–':>16}")
                    continue
                ratio = figure["ms"] / results[base][page]["ms"]
                cells.append(f"{figure['ms']:>7.1f}/{figure['queries']:<3} ×{ratio:<4.2f}")
            self.stdout.write(f"{page:<40}" + "".join(cells))


def create_database(name: str) -> None:
    """Create the size's database unless a earlier run left it (then the seed only tops it up)."""
    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def database_url(name: str) -> str:
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{name}"


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
