"""Background work (DESIGN.md: Django's tasks API through django-tasks).

Production runs the database backend's worker and enqueues `send_reminders` once a day
(cron: `fellowship reminders send`, or `send_reminders.enqueue()` from a scheduler); the
immediate backend runs it in-line in the tests and the demo.
"""

from django_tasks import task


@task()
def send_reminders(dry_run: bool = False) -> int:
    from .reminders import reminders_send

    return len(reminders_send(dry_run=dry_run))
