from django.core.management.base import BaseCommand
from django.utils import timezone

from insikt.home.jobs import SCHEDULES, queue_next


class Command(BaseCommand):
    help = (
        "Köar nästa körning av de schemalagda jobben (sekretessgenombrott varje natt, anonymisering varje månad) "
        "om ingen redan väntar. Körs av `make run` och vid varje driftsättning; jobben körs av `manage.py db_worker`."
    )

    def handle(self, *args, **options):
        for schedule in SCHEDULES.values():
            if when := queue_next(schedule.job):
                self.stdout.write(f"{schedule.job.name}: nästa körning {timezone.localtime(when):%Y-%m-%d %H:%M}")
            else:
                self.stdout.write(f"{schedule.job.name}: körs inte schemalagt med den här bakgrundsköns backend.")
