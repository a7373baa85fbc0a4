"""`fellowship placement solve ...`: see fellowship/placement/solve_file.py.

The `fellowship` script runs `placement solve` before Django is set up (no database, fast
start); this command makes it listed in `fellowship help` and callable from Django too.
"""

from django.core.management.base import BaseCommand, CommandError

from fellowship.placement.solve_file import main


class Command(BaseCommand):
    help = "Placement tools: `placement solve INSTANCE.json [--optimal fellow|lab] [--output F]`"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["solve"])
        parser.add_argument("rest", nargs="*")
        parser.add_argument("--optimal", default=None)
        parser.add_argument("--output", default=None)

    def handle(self, *args, action, rest, optimal, output, **options):
        argv = list(rest)
        if optimal:
            argv += ["--optimal", optimal]
        if output:
            argv += ["--output", output]
        status = main(argv)
        if status:
            raise CommandError("placement solve failed", returncode=status)
