"""Load drill: signed-in caseworkers browsing Insikt served by gunicorn on 127.0.0.1.

Prepares its own PostgreSQL database (migrate, demo data, one account per simulated caseworker),
starts gunicorn, lets N users browse lists and participant pages (and save questionnaire answers
when the demo data has any) for a fixed time, then prints requests per second, latency
percentiles and errors. Bounded in time and in requests; only ever talks to 127.0.0.1.
"""

import http.cookiejar
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
# The list links its rows relative to itself ("<id>/"); other pages link absolutely.
PARTICIPANT_LINK = re.compile(r'href="(?:/deltagare/)?([0-9a-f-]{36})/"')
MEETING_LINK = re.compile(r'href="(/moten/[0-9a-f-]{36}/)"')
ANSWER_LINK = re.compile(r'href="(/formular/svar/[0-9a-f-]{36}/[0-9]+/)"')
INPUT = re.compile(r"<input[^>]*>")
ATTRIBUTE = re.compile(r'(name|value|type)="([^"]*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MAX_REQUESTS_PER_USER = 100_000
SAVES: list[str] = []  # questionnaire drafts saved, across all simulated users


class Command(BaseCommand):
    help = "Lastövning mot gunicorn på 127.0.0.1: inloggade handläggare som bläddrar och sparar svar."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--participants", type=int, default=5000)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn-processer")
        parser.add_argument("--database", default="insikt_load", help="PostgreSQL-databas som övningen äger")
        parser.add_argument("--think", type=float, default=2.0, help="Betänketid mellan sidor i sekunder (medel)")
        parser.add_argument("--throughput-seconds", type=int, default=10,
                            help="Sekunder per sida i genomströmningsmätningen efteråt (0: ingen)")  # fmt: skip

    def handle(self, *args, users, seconds, participants, port, workers, database, think, **options):
        throughput_seconds = options["throughput_seconds"]
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("Övningen kräver PostgreSQL: sätt DATABASE_URL=postgres://…")
        if not (1 <= users <= 200 and 1 <= seconds <= 600 and 0 <= think <= 60):
            raise CommandError("--users 1–200, --seconds 1–600 och --think 0–60.")
        url = self.prepare(db, database, participants, users)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": "load-drill-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",  # plain http on the loopback
            "AXES_FAILURE_LIMIT": "1000",
        }
        self.run([sys.executable, MANAGE, "collectstatic", "--noinput", "-v0"], env)
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "insikt.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--log-level", "warning"],
            env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            self.wait_for(base, server)
            results = self.drive(base, users, seconds, think)
            if throughput_seconds:
                results["throughput"] = throughput(base, min(workers * 2, users), throughput_seconds, results["errors"])
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        self.report(results, users, participants, workers, think)
        if results["errors"]:
            raise CommandError(f"{len(results['errors'])} fel under övningen.")

    # --- preparation ------------------------------------------------------------------------------

    def prepare(self, db, database, participants, users) -> str:
        server = {key: db[key.upper()] for key in ("host", "port", "user", "password") if db[key.upper()]}
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
                conn.execute(f'CREATE DATABASE "{database}"')
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{database}"
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
        self.run([sys.executable, MANAGE, "migrate", "--noinput", "-v0"], env)
        self.run([sys.executable, MANAGE, "seed_demo", "--no-reports", "--participants", str(participants)], env)
        self.run([sys.executable, MANAGE, "shell", "-c", LOAD_USERS % users], env)
        return url

    def run(self, command, env):
        result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=settings.BASE_DIR)  # noqa: S603
        if result.returncode:
            raise CommandError(f"{' '.join(command[1:3])} misslyckades:\n{result.stderr[-2000:]}")

    def wait_for(self, base, server):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn avslutades:\n{server.stderr.read().decode()[-2000:]}")
            try:
                urllib.request.urlopen(base + "/logga-in/", timeout=5)  # noqa: S310 - loopback only
                return
            except OSError:
                time.sleep(0.3)
        raise CommandError("gunicorn startade inte inom 30 sekunder.")

    # --- the load ---------------------------------------------------------------------------------

    def drive(self, base, users, seconds, think):
        """Everyone signs in first (timed on its own: the password hash is meant to be slow), then the clock
        starts and each user reads pages with a think time between them, as caseworkers do."""
        latencies, errors, sign_ins, lock = [], [], [], threading.Lock()
        clock = {"signing_in": time.monotonic()}

        def start_clock():  # run by the barrier once everyone has signed in, before anyone goes on
            now = time.monotonic()
            clock.update(sign_in_phase=now - clock["signing_in"], started=now, stop_at=now + seconds)

        barrier = threading.Barrier(users + 1, action=start_clock)
        threads = [
            threading.Thread(target=caseworker, args=(base, f"last{i:03d}", clock, barrier, think,
                                                      (latencies, errors, sign_ins, lock), i))
            for i in range(users)
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        barrier.wait(timeout=600)
        for thread in threads:
            thread.join(timeout=seconds + 60)
        started = clock["started"]
        return {"latencies": latencies, "errors": errors, "sign_ins": sign_ins, "elapsed": time.monotonic() - started,
                "sign_in_phase": clock["sign_in_phase"]}  # fmt: skip

    def report(self, results, users, participants, workers, think):
        latencies = sorted(results["latencies"])
        if not latencies:
            raise CommandError("Inga anrop gick igenom.")
        q = statistics.quantiles(latencies, n=100)
        self.stdout.write(f"Maskin: {os.cpu_count()} kärnor; gunicorn {workers} processer; {participants} deltagare")
        sign_ins = sorted(results["sign_ins"]) or [0.0]
        self.stdout.write(
            f"Inloggning (före mätningen): {len(results['sign_ins'])} användare på {results['sign_in_phase']:.1f} s, "
            f"median {statistics.median(sign_ins) * 1000:.0f} ms, längsta {sign_ins[-1] * 1000:.0f} ms"
        )
        self.stdout.write(f"Användare: {users}, betänketid {think:.1f} s, tid: {results['elapsed']:.1f} s, "
                          f"anrop: {len(latencies)}")  # fmt: skip
        self.stdout.write(f"Anrop per sekund: {len(latencies) / results['elapsed']:.1f}")
        self.stdout.write(
            f"Svarstid p50: {q[49] * 1000:.0f} ms, p95: {q[94] * 1000:.0f} ms, p99: {q[98] * 1000:.0f} ms"
        )
        self.stdout.write(f"Sparade formulärutkast: {len(SAVES)}")
        if "throughput" in results:
            login, listing = results["throughput"]
            self.stdout.write(f"Genomströmning utan betänketid: inloggningssidan {login:.1f} anrop/s, "
                              f"deltagarlistan {listing:.1f} anrop/s (kvot {listing / login:.2f})")  # fmt: skip
        self.stdout.write(f"Fel: {len(results['errors'])}")
        for error in results["errors"][:10]:
            self.stderr.write(f"  {error}")


def throughput(base, concurrency, seconds, errors) -> tuple[float, float]:
    """Requests per second, back to back from `concurrency` clients: the sign-in page (no database work), then
    the participant list as signed-in caseworkers. Their ratio is what the access check costs under load."""
    lock = threading.Lock()

    def hammer(openers, path):
        done, stop_at = [0], time.monotonic() + seconds

        def client(opener):
            while time.monotonic() < stop_at:
                try:
                    with opener.open(base + path, timeout=30) as response:  # noqa: S310 - loopback only
                        response.read()
                    with lock:
                        done[0] += 1
                except Exception as error:  # every failure counts; the drill reports them
                    with lock:
                        errors.append(f"genomströmning {path}: {error}")

        threads = [threading.Thread(target=client, args=(opener,)) for opener in openers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 60)
        return done[0] / seconds

    def new_opener():
        return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    anonymous = [new_opener() for _ in range(concurrency)]
    signed_in = [new_opener() for _ in range(concurrency)]
    for i, opener in enumerate(signed_in):
        sign_in(opener, base, f"last{i:03d}", errors, lock)
    return hammer(anonymous, "/logga-in/"), hammer(signed_in, "/deltagare/")


def caseworker(base, username, clock, barrier, think, shared, seed):
    latencies, errors, sign_ins, lock = shared
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    started = time.monotonic()
    signed_in = sign_in(opener, base, username, errors, lock)
    with lock:
        sign_ins.append(time.monotonic() - started)
    barrier.wait(timeout=600)
    if signed_in:
        browse(opener, base, username, clock["stop_at"], think, (latencies, errors, lock), seed)


def sign_in(opener, base, username, errors, lock) -> bool:
    try:
        with opener.open(base + "/logga-in/", timeout=60) as response:  # noqa: S310 - loopback only
            token = CSRF.search(response.read().decode())
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], "username": username,
                                       "password": "insikt-demo"}).encode()  # fmt: skip
        request = urllib.request.Request(base + "/logga-in/", data=data, headers={"Referer": base + "/logga-in/"})  # noqa: S310
        with opener.open(request, timeout=60) as response:  # noqa: S310 - loopback only
            return "/logga-in/" not in response.url
    except Exception as error:  # every failure counts; the drill reports them
        with lock:
            errors.append(f"{username} inloggning: {error}")
        return False


def browse(opener, base, username, stop_at, think, shared, seed):
    """One signed-in caseworker: list pages, participant pages and questionnaire answers until time is up,
    reading each page for a while (think time, 0.5–1.5 × the mean) before the next."""
    latencies, errors, lock = shared
    rng = random.Random(seed)  # noqa: S311 - load pattern, not security

    def request(path, data=None):
        started = time.monotonic()
        try:
            body = urllib.parse.urlencode(data).encode() if data is not None else None
            req = urllib.request.Request(base + path, data=body, headers={"Referer": base + path})  # noqa: S310 - loopback only
            with opener.open(req, timeout=30) as response:
                page = response.read().decode()
            with lock:
                latencies.append(time.monotonic() - started)
            return page
        except Exception as error:  # every failure counts; the drill reports them
            with lock:
                errors.append(f"{username} {path}: {error}")
            return ""

    participants, meetings, answers = [], [], []
    for _ in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= stop_at:
            return
        time.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, stop_at - time.monotonic())))
        if time.monotonic() >= stop_at:
            return
        roll = rng.random()
        if roll < 0.3 or not participants:
            page = request(f"/deltagare/?sida={rng.randint(1, 20)}")
            participants = [f"/deltagare/{pk}/" for pk in PARTICIPANT_LINK.findall(page)] or participants
        elif roll < 0.7 or not meetings:
            page = request(rng.choice(participants))
            meetings = MEETING_LINK.findall(page) or meetings
        elif roll < 0.85 or not answers:
            page = request(rng.choice(meetings))
            answers = ANSWER_LINK.findall(page) or answers
        else:
            path = rng.choice(answers)
            form = hidden_fields(request(path))
            if "csrfmiddlewaretoken" in form:
                if request(path, {**form, "action": "draft"}):  # save the questionnaire as a draft
                    with lock:
                        SAVES.append(path)


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden inputs of a page (CSRF token, version, revision), so that a save is a real save."""
    fields = {}
    for tag in INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[attributes["name"]] = attributes.get("value", "")
    return fields


LOAD_USERS = """
from insikt.models import Organisation, Role, User
orgs = list(Organisation.objects.filter(code__in=[Organisation.AF, Organisation.AMA]).order_by("code"))
for i in range(%d):
    user = User.objects.filter(username=f"last{i:03d}").first() or User(username=f"last{i:03d}")
    user.organisation, user.role = orgs[i %% 2], Role.CASEWORKER
    user.set_password("insikt-demo")
    user.save()
"""
