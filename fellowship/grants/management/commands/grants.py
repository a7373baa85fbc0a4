"""`fellowship grants due-dates ...` and `fellowship grants k99-eligibility ...`.

Both work from fellowship/grants/nih_calendar.py alone: no database. The `fellowship`
script calls `main()` before setting Django up (fast start); the Command below makes them
listed in `fellowship help` and callable with `call_command`. Bad input: exit status 2 and
one line on stderr naming the option and the problem. See docs/grants.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from fellowship.grants import nih_calendar as calendar

USAGE_ERROR = 2
HELP = (
    "NIH due dates and K99/R00 eligibility: "
    "`grants due-dates --mechanism K99 --kind new --from DATE --to DATE`, "
    "`grants k99-eligibility --postdoc-start DATE [--leave START:END ...] [--as-of DATE]`"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The subcommands and their options (shared by Django's parser and the fast path).

    Options are checked in `run`, not by argparse, so that every bad value gets exit status
    2 and a one-line message, from the command line and from call_command alike.
    """
    subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
    due = subcommands.add_parser(
        "due-dates",
        help="the due dates of a mechanism in a date range, one ISO date a line",
        description="Print a mechanism's due dates from --from to --to (both included), "
        "moved off weekends and US federal holidays, one ISO date a line.",
    )
    due.add_argument("--mechanism", metavar="CODE", help="K99, K01, K08, K23, K25, F32, R01 ...")
    due.add_argument(
        "--kind", default="new", help="new (default), resubmission or aids (AIDS-related)"
    )
    due.add_argument("--from", dest="start", metavar="DATE", help="YYYY-MM-DD (default: today)")
    due.add_argument(
        "--to", dest="end", metavar="DATE", help="YYYY-MM-DD (default: --from + 365 days)"
    )
    k99 = subcommands.add_parser(
        "k99-eligibility",
        help="months of postdoctoral experience and the last K99/R00 due dates, as JSON",
        description="Print, as JSON, the months of postdoctoral research experience on --as-of "
        "(approved leave excluded) and the last K99/R00 due dates within 48 months.",
    )
    k99.add_argument("--postdoc-start", metavar="DATE", help="YYYY-MM-DD (required)")
    k99.add_argument(
        "--leave",
        action="append",
        default=[],
        metavar="START:END",
        help="a period of approved leave, both days included; repeat for more",
    )
    k99.add_argument("--as-of", metavar="DATE", help="YYYY-MM-DD (default: today)")


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def _date(text: str, option: str) -> date:
    if not _ISO_DATE.match(text):
        raise _fail(f"{option} {text}: not a date; write YYYY-MM-DD")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise _fail(f"{option} {text}: no such date") from None
    if not calendar.FIRST_YEAR <= day.year <= calendar.LAST_YEAR:
        raise _fail(
            f"{option} {text}: the calendar covers {calendar.FIRST_YEAR}-{calendar.LAST_YEAR} only"
        )
    return day


def _leave(text: str) -> calendar.Period:
    parts = text.split(":")
    if len(parts) != 2:
        raise _fail(f"--leave {text}: write the leave as START:END (YYYY-MM-DD:YYYY-MM-DD)")
    for part in parts:
        if not _ISO_DATE.match(part):
            raise _fail(f"--leave {text}: {part!r} is not a date; write YYYY-MM-DD")
        try:
            date.fromisoformat(part)
        except ValueError:
            raise _fail(f"--leave {text}: {part} is no such date") from None
    return calendar.Period(date.fromisoformat(parts[0]), date.fromisoformat(parts[1]))


def _mechanism(code: str) -> calendar.Mechanism:
    try:
        return calendar.find_mechanism(code)
    except calendar.CalendarError as error:
        raise _fail(f"--mechanism {code}: {error}") from None


def due_dates_text(options: dict, today: date) -> str:
    if not options.get("mechanism"):
        raise _fail("--mechanism is required (K99, K01, K08, K23, K25, F32, R01 ...)")
    mechanism = _mechanism(options["mechanism"])
    kind = options.get("kind") or "new"
    if kind not in mechanism.kinds:
        raise _fail(
            f"--kind {kind}: {mechanism.code} has no such due dates ({', '.join(mechanism.kinds)})"
        )
    start = _date(options["start"], "--from") if options.get("start") else today
    end = _date(options["end"], "--to") if options.get("end") else start + timedelta(days=365)
    if end < start:
        raise _fail(f"--from {start} is after --to {end}")
    try:
        days = calendar.due_dates(mechanism, kind, start, end)
    except calendar.CalendarError as error:
        raise _fail(str(error)) from None
    return "".join(f"{day.isoformat()}\n" for day in days)


def eligibility_document(options: dict, today: date) -> dict:
    if not options.get("postdoc_start"):
        raise _fail("--postdoc-start is required (YYYY-MM-DD)")
    postdoc_start = _date(options["postdoc_start"], "--postdoc-start")
    as_of = _date(options["as_of"], "--as-of") if options.get("as_of") else today
    texts = list(options.get("leave") or [])
    leaves = [_leave(text) for text in texts]
    mechanism = calendar.find_mechanism("K99")
    try:
        result = calendar.eligibility(mechanism, postdoc_start, as_of, leaves)
    except calendar.LeaveError as error:
        raise _fail(f"--leave {texts[error.index]}: {error}") from None
    except calendar.CalendarError as error:
        raise _fail(f"--postdoc-start {postdoc_start}: {error}") from None
    document = {
        "mechanism": result.mechanism,
        "postdoc_start": result.postdoc_start.isoformat(),
        "as_of": result.as_of.isoformat(),
        "months_of_experience": round(result.months_of_experience, 2),
        "days_of_experience": result.days_of_experience,
        "leave_days_excluded": result.leave_days_excluded,
        "limit_months": result.limit_months,
        "eligible_now": result.eligible_now,
        "last_eligible_day": result.last_eligible_day.isoformat(),
    }
    for kind, day in result.last_due_dates.items():
        document[f"last_{kind}_due_date"] = day.isoformat() if day else None
    for kind, days in result.remaining_due_dates.items():
        document[f"remaining_{kind}_due_dates"] = [day.isoformat() for day in days]
    document["leaves"] = [
        {"start": leave.start.isoformat(), "end": leave.end.isoformat()}
        for leave in sorted(result.leaves, key=lambda leave: leave.start)
    ]
    document["rule"] = result.rule
    return document


def run(options: dict, today: date) -> str:
    """The text a subcommand prints; CommandError (returncode 2) for bad input."""
    if options["subcommand"] == "due-dates":
        return due_dates_text(options, today)
    return json.dumps(eligibility_document(options, today), indent=2) + "\n"


def main(argv: list[str]) -> int:
    """The fast path: `fellowship grants ...` without Django set up."""
    parser = argparse.ArgumentParser(prog="fellowship grants", description=HELP)
    add_arguments(parser)
    options = vars(parser.parse_args(argv))  # exits with status 2 on bad arguments
    try:
        sys.stdout.write(run(options, date.today()))
    except CommandError as error:
        print(f"CommandError: {error}", file=sys.stderr)
        return error.returncode
    return 0


class Command(BaseCommand):
    help = HELP
    requires_system_checks = []

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        self.stdout.write(run(options, date.today()), ending="")
