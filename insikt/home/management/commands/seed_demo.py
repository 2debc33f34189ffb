from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from insikt.demo import seed_staff
from insikt.home.scale import copy_participants
from meetings.demo import seed_meetings
from meetings.findings.demo import seed_findings
from meetings.models import Meeting
from meetings.recommendations.demo import seed_recommendations
from participants.demo import seed_participants
from questionnaire.demo import seed_questionnaire, seed_responses
from reports.demo import seed_reports

# More demo participants than this are copies of these, made in SQL on PostgreSQL.
ORM_SEEDED = 5000


class Command(BaseCommand):
    """The composition root fills every app with demo data (docs/architecture.md)."""

    help = "Skapar demodata (organisationer, demoanvändare, deltagare). Kan köras flera gånger."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="insikt-demo", help="Lösenord för demoanvändarna.")
        parser.add_argument("--participants", type=int, default=300, help="Antal demodeltagare (standard 300).")
        parser.add_argument(
            "--no-reports", action="store_true", help="Ta inte fram rapporter (de tar några sekunder var)."
        )
        parser.add_argument("--force", action="store_true", help="Kör även när DEBUG är av.")

    def handle(self, *args, password, participants, force, no_reports, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG är av: demodata ska inte hamna i en riktig databas. Kör med --force om du verkligen menar det."
            )
        if participants < 0:
            raise CommandError("--participants måste vara 0 eller fler.")
        if len(password) < 8:
            raise CommandError("--password måste vara minst 8 tecken.")
        by_orm = participants if connection.vendor != "postgresql" else min(participants, ORM_SEEDED)
        with transaction.atomic():
            users = seed_staff(password)
            named = list(users)  # the demo caseworkers' team colleagues are added to `users` below
            created = seed_participants(by_orm, users)
            meetings = seed_meetings(users)
            recommendations = seed_recommendations(users)
            findings = seed_findings()
            seed_questionnaire()
            responses = seed_responses(Meeting.objects.all())
        # Beyond a few thousand, copies in SQL (insikt.home.scale): 200,000 in minutes instead of hours.
        copied = copy_participants(participants) if participants > by_orm else 0
        if connection.vendor == "postgresql":
            # As autovacuum would before long: without statistics the planner walks every access grant.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        reports = 0 if no_reports else seed_reports(users["projektledare"])
        self.stdout.write(f"Demoanvändare: {', '.join(named)} (lösenord: {password}).")
        self.stdout.write(f"Deltagare: {created} nya, {participants} totalt i demoserien.")
        if copied:
            self.stdout.write(f"Kopior med nya identiteter (för mätningar): {copied} nya.")
        self.stdout.write(f"Möten: {meetings} nya. Formulärsvar: {responses} nya.")
        self.stdout.write(
            f"Rekommendationer: {recommendations} nya. Iakttagelser: {findings} nya. Rapporter: {reports} nya."
        )
