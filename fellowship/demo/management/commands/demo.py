"""`fellowship demo`: migrate, load the demo program, print the demo accounts, serve."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fellowship.demo import data as demo_data
from fellowship.demo.curriculum import load_demo_curriculum
from fellowship.demo.grants import load_demo_grants
from fellowship.demo.news import load_demo_public_site
from fellowship.demo.placement import INCOMING_LOGIN, load_demo_round
from fellowship.demo.programs import load_demo_program
from fellowship.demo.progress import load_demo_progress
from fellowship.demo.thesis import CHAIR_LOGIN, load_demo_theses

DEFAULT_PORT = 8000


class Command(BaseCommand):
    help = (
        "Migrate the database, load the demo program (again, safely), print the demo "
        "accounts and serve the site on 127.0.0.1:$PORT (default 8000)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=None,
            help=f"Port to serve on (default: $PORT or {DEFAULT_PORT}).",
        )
        parser.add_argument(
            "--load-only",
            action="store_true",
            help="Load the demo program and print the accounts, but do not serve.",
        )

    def handle(self, *args, port=None, load_only=False, **options):
        port = port or port_from_environment()
        verbosity = options["verbosity"]
        self.stdout.write("Migrating the database ...")
        call_command("migrate", interactive=False, verbosity=0 if verbosity <= 1 else verbosity)
        self.stdout.write("Loading the demo program ...")
        program = load_demo_program(stdout=self.stdout)
        load_demo_round(program, stdout=self.stdout)
        load_demo_curriculum(program, stdout=self.stdout)
        load_demo_grants(program, stdout=self.stdout)
        load_demo_progress(program, stdout=self.stdout)
        load_demo_public_site(program, stdout=self.stdout)
        load_demo_theses(program, stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(accounts_block(program, port=port, serving=not load_only))
        if not load_only:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)


def port_from_environment() -> int:
    value = os.environ.get("PORT", "").strip()
    if not value:
        return DEFAULT_PORT
    try:
        port = int(value)
    except ValueError:
        raise CommandError(f"PORT must be a number, not {value!r}.") from None
    if not 0 < port < 65536:
        raise CommandError(f"PORT must be between 1 and 65535, not {port}.")
    return port


def accounts_block(program, *, port: int, serving: bool) -> str:
    """The demo accounts, one a line, and where to log in with them."""
    login_url = f"http://127.0.0.1:{port}/accounts/login/"
    lines = [f'Demo program "{program.name}" loaded.']
    if serving:
        lines.append(f"Log in at {login_url} with password {demo_data.DEMO_PASSWORD} as:")
    else:
        lines.append(f"Start the site with `fellowship demo`, then log in at {login_url}")
        lines.append(f"with password {demo_data.DEMO_PASSWORD} as:")
    chair = {
        "email": CHAIR_LOGIN,
        "sees": "thesis committee chair (Robert Aldana): his committees, records a defense",
    }
    accounts = [*demo_data.DEMO_ACCOUNTS, INCOMING_LOGIN, chair]
    width = max(len(account["email"]) for account in accounts)
    for account in accounts:
        lines.append(f"  {account['email']:<{width}}  {account['sees']}")
    return "\n".join(lines) + "\n"
