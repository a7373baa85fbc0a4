"""`fellowship media check [--delete-orphans]`: are the stored private files and the rows
that name them in step?

Prints each stored file no row names (an orphan) and each row whose file is gone. Exit
status 0 when everything is in step, 1 when something was found (also when the orphans
found were deleted, so a scheduled run reports that it had work to do).
"""

from django.core.management.base import BaseCommand, CommandError

from fellowship.core.files import media_check, unnamed_files_delete

FOUND = 1


class Command(BaseCommand):
    help = (
        "check: list stored files no row names and rows whose file is missing; "
        "--delete-orphans deletes the files no row names."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check"], help="what to do (check)")
        parser.add_argument(
            "--delete-orphans",
            action="store_true",
            help="delete each stored file that no row names",
        )

    def handle(self, *args, action, delete_orphans=False, **options):
        report = media_check()
        for name in report.orphans:
            self.stdout.write(f"orphan: {name}")
        for row in report.missing:
            self.stdout.write(f"missing: {row}")
        if delete_orphans and report.orphans:
            deleted = unnamed_files_delete(report.orphans)
            self.stdout.write(f"Deleted {deleted} orphan file(s).")
        if report.clean:
            self.stdout.write("Every stored file is named by a row and every row's file is there.")
            return
        raise CommandError(
            f"{len(report.orphans)} orphan file(s), {len(report.missing)} row(s) with a missing "
            "file.",
            returncode=FOUND,
        )
