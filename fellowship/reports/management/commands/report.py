"""`fellowship report table5|table8 --program SLUG [--part 1|2] [--from YEAR] [--to YEAR]
--format csv|xlsx|docx [--output FILE]`.

Writes one NIH training table. CSV goes to standard output unless --output is given; XLSX
and DOCX are files (named after the program, table, part and period unless --output says).
Exit status 2 on bad input (unknown program, a first year after the last, ...).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fellowship.programs.models import Program
from fellowship.reports import exports, selectors, tables

BAD_INPUT = 2
TABLES = {"table8": tables.TRAINEE_OUTCOMES_POSTDOC, "table5": tables.TRAINEE_PUBLICATIONS}


class Command(BaseCommand):
    help = (
        "NIH training tables: `report table5|table8 --program SLUG [--part 1|2] "
        "[--from YEAR] [--to YEAR] --format csv|xlsx|docx [--output FILE]`."
    )

    def add_arguments(self, parser):
        parser.add_argument("table", choices=sorted(TABLES))
        parser.add_argument("--program", required=True, metavar="SLUG")
        parser.add_argument("--part", type=int, choices=[1, 2], default=1)
        parser.add_argument("--from", dest="first", type=int, metavar="YEAR", default=None)
        parser.add_argument("--to", dest="last", type=int, metavar="YEAR", default=None)
        parser.add_argument("--format", choices=exports.FORMATS, required=True)
        parser.add_argument("--output", metavar="FILE", default=None)

    def handle(self, *args, table, program, part, first, last, format, output, **options):
        found = Program.objects.filter(slug=program).first()
        if found is None:
            known = ", ".join(Program.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(
                f"There is no program “{program}” (programs: {known}).", returncode=BAD_INPUT
            )
        try:
            built = selectors.build_table(found, TABLES[table], part=part, first=first, last=last)
        except tables.ReportError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        if format == "csv" and output is None:
            self.stdout.write(exports.to_csv(built), ending="")
            return
        path = Path(output or f"{found.slug}-{built.file_stem}.{format}")
        try:
            path.write_bytes(exports.render(built, format))
        except OSError as error:
            raise CommandError(
                f"Cannot write {path}: {error.strerror}.", returncode=BAD_INPUT
            ) from error
        self.stderr.write(
            f"{built.title}, {built.subtitle}: {len(built.rows)} trainees written to {path}."
        )
