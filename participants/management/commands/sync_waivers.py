from django.core.management.base import BaseCommand

from participants.sharing import sync_waiver_access


class Command(BaseCommand):
    help = (
        "Ger åtkomst för sekretessgenombrott som börjar gälla i dag och drar in åtkomst för dem som har upphört. "
        "Körs dagligen strax efter midnatt (cron). Ett upphört genombrott ger aldrig åtkomst, inte ens innan "
        "kommandot körts."
    )

    def handle(self, *args, **options):
        changed = sync_waiver_access()
        self.stdout.write(f"Åtkomsten ändrad för {changed} deltagare.")
