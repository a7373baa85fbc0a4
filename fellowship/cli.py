"""The `fellowship` command: the project's manage.py, installed as a console script."""

import os
import sys


def main() -> None:
    # Solving a placement file needs neither Django nor a database: skip their start-up.
    if sys.argv[1:3] == ["placement", "solve"]:
        from fellowship.placement.solve_file import main as solve_main

        sys.exit(solve_main(sys.argv[3:]))
    # NIH due dates and K99 eligibility are pure calendar arithmetic: no database either.
    if sys.argv[1:2] == ["grants"]:
        from fellowship.grants.management.commands.grants import main as grants_main

        sys.exit(grants_main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellowship.settings")
    # The demo is a local, plain-HTTP server: run it in debug mode unless told otherwise.
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
