"""SQLite with eight requests writing at once: none fails with "database is locked".

Each thread opens its own connection to a file database configured as the settings do
(SQLITE_OPTIONS), starts a transaction with Django's `atomic`, reads, waits so that the
eight overlap, and writes, as an upload does (read the record, then save). With SQLite's
default (DEFERRED) transactions the readers deadlock upgrading to writers and all but one
fail at once; with IMMEDIATE they queue.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

WRITERS = 8


def _run_writers(tmp_path, options) -> tuple[list[str], int]:
    alias = f"concurrency_{tmp_path.name}"  # a new alias: connections are cached by alias
    connections.settings[alias] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "db.sqlite3"),
        "OPTIONS": options,
    }
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE upload (id INTEGER PRIMARY KEY, n INTEGER)")
    connections[alias].close()
    start, failures = threading.Barrier(WRITERS), []

    def write(n):
        try:
            start.wait()
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM upload")
                time.sleep(0.2)  # the others read meanwhile
                cursor.execute("INSERT INTO upload (n) VALUES (%s)", [n])
        except OperationalError as error:
            failures.append(str(error))
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM upload")
        saved = cursor.fetchone()[0]
    connections[alias].close()
    del connections.settings[alias]
    return failures, saved


def test_eight_writers_at_once_all_succeed(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        failures, saved = _run_writers(tmp_path, settings.SQLITE_OPTIONS)
    assert failures == [] and saved == WRITERS


def test_without_the_settings_they_would_fail(tmp_path, django_db_blocker):
    """The check above can fail: SQLite's defaults lock the writers out."""
    with django_db_blocker.unblock():
        failures, saved = _run_writers(tmp_path, {})
    assert any("database is locked" in failure for failure in failures)
    assert saved < WRITERS


pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
