"""`fellowship reminders send [--dry-run]`: email today's digests now (by hand or from cron);
`fellowship reminders enqueue`: hand the same work to the task worker (django-tasks)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from fellowship.progress.reminders import reminders_send
from fellowship.progress.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Reminders of what is due in the next 14 days and what is overdue. `send` emails "
        "each person one digest a day (never an item twice on the same day); --dry-run "
        "prints the digests instead and records nothing. `enqueue` queues the same job "
        "for the task worker."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Send today's digests.")
        send.add_argument("--dry-run", action="store_true", help="Print, do not send.")
        send.add_argument("--today", help="Pretend it is this day (YYYY-MM-DD).")
        send.add_argument("--base-url", help="Where the links point (default $SITE_URL).")
        sub.add_parser("enqueue", help="Queue today's digests for the task worker.")

    def handle(self, *args, action=None, dry_run=False, today=None, base_url=None, **options):
        if action == "enqueue":
            result = send_reminders.enqueue()
            self.stdout.write(f"Queued the reminders task ({result.id}): {result.status}.")
            return
        if today:
            try:
                today = date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today must be YYYY-MM-DD, not {today!r}.") from None
        digests = reminders_send(
            today=today, dry_run=dry_run, base_url=base_url, say=self.stdout.write
        )
        items = sum(len(d.items) for d in digests)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {len(digests)} digests ({items} items).")
