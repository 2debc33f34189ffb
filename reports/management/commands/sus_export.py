"""The SUS export for a period, as the project leader's page gives it: `sus_export --from --to --user [--output]`.

The file holds personnummer, so it is taken in a project leader's name (--user) and logged on every identified
participant, as on the page. Bad input stops the command before anything is written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from insikt.models import Role, User
from reports.models import ExportFormat
from reports.sus_export.files import filename
from reports.sus_export.forms import SusPeriodForm
from reports.sus_export.services import produce_sus_export

OPTION = {"starts_on": "--from", "ends_on": "--to"}


class Command(BaseCommand):
    help = "Tar fram underlaget till SUS för en period (CSV, eller XLSX om filen slutar på .xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="starts_on", required=True, help="ÅÅÅÅ-MM-DD: periodens första dag")
        parser.add_argument("--to", dest="ends_on", required=True, help="ÅÅÅÅ-MM-DD: periodens sista dag")
        parser.add_argument("--user", required=True, help="Användarnamnet på projektledaren som tar fram underlaget")
        parser.add_argument("--output", help="Filen att skriva (standard: insikt-sus-FRÅN-TILL.csv)")

    def handle(self, *args, starts_on, ends_on, user, output, **options):
        form = SusPeriodForm(data={"starts_on": starts_on, "ends_on": ends_on})
        if not form.is_valid():
            raise CommandError(" ".join(f"{OPTION[name]}: {' '.join(errors)}" for name, errors in form.errors.items()))
        by = User.objects.filter(username=user, is_active=True, role=Role.PROJECT_LEADER).first()
        if by is None:
            raise CommandError("--user: ingen aktiv projektledare med det användarnamnet.")
        path = Path(output) if output else None
        if path and not path.parent.is_dir():
            raise CommandError(f"--output: mappen {path.parent} finns inte.")
        fmt = ExportFormat.XLSX if path and path.suffix.lower() == ".xlsx" else ExportFormat.CSV
        export, content = produce_sus_export(**form.cleaned_data, fmt=fmt, by=by)
        path = path or Path(filename(export, fmt))
        path.write_bytes(content)
        self.stdout.write(
            f"{path}: {len(export.rows)} rader, {len(export.identified)} med personnummer, {export.anonymous} anonyma. "
            "Kolumnnamn och koder ska kontrolleras mot den aktuella SUS-manualen."
        )
