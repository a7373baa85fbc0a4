"""`fellowship import KIND FILE.csv [--program SLUG]`: the coordinator's CSV import.

The kinds come from `fellowship.programs.importers.IMPORTERS`; a new kind added there is
a new choice here. Exit status 0 when the file was imported, 2 when it was not (bad rows,
a missing file, an unknown program); then nothing was written.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fellowship.core.actors import SystemActor
from fellowship.programs.importers import import_csv, importer_kinds
from fellowship.programs.models import Program
from fellowship.publications.formats import FORMATS
from fellowship.publications.importers import import_publications

BAD_INPUT = 2


COMMAND = SystemActor("fellowship import")


class Command(BaseCommand):
    help = (
        "Import laboratories, faculty or fellows from a CSV file (UTF-8, header row first). "
        "Every row is checked first: either all rows are imported or none, and each problem "
        "is printed with its line number. See docs/import.md for the columns."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", choices=[*importer_kinds(), "publications"], help="what the file holds"
        )
        parser.add_argument(
            "--format",
            choices=list(FORMATS),
            help="publications only: the file's format (default: recognised from the file)",
        )
        parser.add_argument("file", help="the CSV file; - reads standard input")
        parser.add_argument(
            "--program",
            metavar="SLUG",
            help="the program to import into; needed when there is more than one",
        )

    def handle(self, *args, kind, file, program=None, format=None, **options):
        data, source = self.read(file)
        target = self.find_program(program)
        if kind == "publications":  # PubMed XML, MEDLINE, RIS, BibTeX: docs/publications.md
            result = import_publications(
                program=target, file_text=data, format=format, by=COMMAND, source=source
            )
        else:
            result = import_csv(
                kind=kind, program=target, file_text=data, by=COMMAND, source=source
            )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError("Nothing was imported.", returncode=BAD_INPUT)
        self.stdout.write(self.style.SUCCESS(result.summary(target)))

    def find_program(self, slug: str | None) -> Program:
        if slug:
            found = Program.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(
                    f"There is no program “{slug}”; the programs are: {self.slugs()}.",
                    returncode=BAD_INPUT,
                )
            return found
        programs = list(Program.objects.all()[:2])
        if not programs:
            raise CommandError("There is no program yet; create one first.", returncode=BAD_INPUT)
        if len(programs) > 1:
            raise CommandError(
                f"There are several programs; choose one with --program: {self.slugs()}.",
                returncode=BAD_INPUT,
            )
        return programs[0]

    def slugs(self) -> str:
        return ", ".join(Program.objects.values_list("slug", flat=True)) or "none"

    def read(self, file: str) -> tuple[bytes, str]:
        if file == "-":
            return sys.stdin.buffer.read(), "standard input"
        path = Path(file)
        try:
            return path.read_bytes(), path.name
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}.", returncode=BAD_INPUT) from None
        except OSError as error:
            raise CommandError(
                f"Cannot read {file}: {error.strerror or error}.", returncode=BAD_INPUT
            ) from None
