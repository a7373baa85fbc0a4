"""The one way the app sends mail: each message is queued (django-tasks) once the
transaction that decided it commits, one message per recipient (no one sees the others'
addresses). A change that rolls back sends nothing, and a slow mail server never holds a
request or a row lock. The reminder digests are the exception: they are sent from their own
task, each in the transaction that records it as sent (progress/reminders.py)."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from .text import one_line


@task()
def deliver(subject: str, body: str, to: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_after_commit(*, subject: str, body: str, to: Iterable[str]) -> None:
    """Queue `subject`/`body` to each address in `to` (blank and repeated ones dropped).
    The subject is made one line: a name with a line break never stops the mail."""
    subject = one_line(subject)
    recipients = list(dict.fromkeys(address for address in to if address))

    def queue():
        for address in recipients:
            deliver.enqueue(subject, body, address)

    transaction.on_commit(queue)
