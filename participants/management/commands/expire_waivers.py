from django.core.management.base import BaseCommand

from participants.services import expire_waivers


class Command(BaseCommand):
    help = (
        "Drar in åtkomst som byggde på sekretessgenombrott som har upphört. Körs dagligen (cron). "
        "Ett upphört genombrott ger aldrig åtkomst, inte ens innan kommandot körts."
    )

    def handle(self, *args, **options):
        changed = expire_waivers()
        self.stdout.write(f"Åtkomst indragen för {changed} deltagare.")
