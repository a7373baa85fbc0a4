"""`fellowship grants due-dates` and `fellowship grants k99-eligibility`: output, bad input."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

FELLOWSHIP = Path(sys.executable).with_name("fellowship")


def grants(*args):
    out = StringIO()
    call_command("grants", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(*args):
    with pytest.raises(CommandError) as caught:
        grants(*args)
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_due_dates_one_iso_date_a_line_in_order():
    out = grants(
        "due-dates",
        "--mechanism",
        "K99",
        "--kind",
        "new",
        "--from",
        "2025-06-12",
        "--to",
        "2026-10-13",
    )
    assert out == "2025-06-12\n2025-10-14\n2026-02-12\n2026-06-12\n2026-10-13\n"


def test_due_dates_resubmission_aids_and_aliases():
    args = ["--from", "2026-01-01", "--to", "2026-12-31"]
    assert grants("due-dates", "--mechanism", "k99/r00", "--kind", "resubmission", *args) == (
        "2026-03-12\n2026-07-13\n2026-11-12\n"
    )
    assert grants("due-dates", "--mechanism", "R01", "--kind", "aids", *args) == (
        "2026-01-07\n2026-05-07\n2026-09-08\n"
    )


def test_due_dates_defaults_new_from_today_for_a_year():
    # The suite runs on 2026-11-25.
    assert grants("due-dates", "--mechanism", "F32") == "2026-12-08\n2027-04-08\n2027-08-09\n"


def test_due_dates_empty_range_prints_nothing():
    assert (
        grants("due-dates", "--mechanism", "K08", "--from", "2026-10-14", "--to", "2027-02-11")
        == ""
    )


def test_k99_eligibility_json():
    out = grants(
        "k99-eligibility",
        "--postdoc-start",
        "2023-09-01",
        "--leave",
        "2024-05-01:2024-07-31",
        "--as-of",
        "2026-11-25",
    )
    document = json.loads(out)
    assert document["months_of_experience"] == 35.81  # 1090 days / 30.4375
    assert document["days_of_experience"] == 1090
    assert document["leave_days_excluded"] == 92
    assert document["eligible_now"] is True
    assert document["last_eligible_day"] == "2027-12-01"  # 2027-08-31 + 92 days
    assert document["last_new_due_date"] == "2027-10-12"
    assert document["last_resubmission_due_date"] == "2027-11-12"
    assert document["last_aids_due_date"] == "2027-09-07"
    assert document["remaining_new_due_dates"] == ["2027-02-12", "2027-06-14", "2027-10-12"]
    assert document["remaining_resubmission_due_dates"] == [
        "2027-03-12",
        "2027-07-12",
        "2027-11-12",
    ]
    assert document["leaves"] == [{"start": "2024-05-01", "end": "2024-07-31"}]
    assert "365.25/12" in document["rule"] and "<= 48" in document["rule"]


def test_k99_eligibility_defaults_to_today_and_reports_ineligibility():
    document = json.loads(grants("k99-eligibility", "--postdoc-start", "2022-07-01"))
    assert document["as_of"] == "2026-11-25"
    assert document["eligible_now"] is False
    assert document["last_eligible_day"] == "2026-06-30"
    assert document["last_new_due_date"] == "2026-06-12"
    assert document["last_resubmission_due_date"] == "2026-03-12"
    assert document["remaining_new_due_dates"] == []


def test_k99_eligibility_with_two_leaves_at_the_boundary():
    args = ["--postdoc-start", "2022-07-01", "--leave", "2025-03-01:2025-03-31"]
    args += ["--leave", "2023-01-01:2023-01-10"]
    last = json.loads(grants("k99-eligibility", *args, "--as-of", "2026-08-10"))
    assert last["eligible_now"] is True and last["months_of_experience"] == 48.0
    assert last["leave_days_excluded"] == 41
    assert [leave["start"] for leave in last["leaves"]] == ["2023-01-01", "2025-03-01"]
    first_out = json.loads(grants("k99-eligibility", *args, "--as-of", "2026-08-11"))
    assert first_out["eligible_now"] is False and first_out["months_of_experience"] == 48.03


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mechanism", "K98"], "--mechanism K98: unknown mechanism 'K98' (known: F32, K01"),
        (["--mechanism", "K99", "--kind", "renewal"], "--kind renewal: K99 has no such due dates"),
        (["--kind", "new"], "--mechanism is required"),
        (["--mechanism", "K99", "--from", "2026-02-30"], "--from 2026-02-30: no such date"),
        (
            ["--mechanism", "K99", "--from", "tomorrow"],
            "--from tomorrow: not a date; write YYYY-MM-DD",
        ),
        (["--mechanism", "K99", "--to", "2026/12/31"], "--to 2026/12/31: not a date"),
        (["--mechanism", "K99", "--from", "20260101"], "--from 20260101: not a date"),
        (
            ["--mechanism", "K99", "--from", "2026-03-01", "--to", "2026-02-01"],
            "--from 2026-03-01 is after --to 2026-02-01",
        ),
        (["--mechanism", "K99", "--from", "1800-01-01"], "--from 1800-01-01: the calendar covers"),
    ],
)
def test_due_dates_bad_input(args, message):
    assert message in refused("due-dates", *args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--postdoc-start is required"),
        (["--postdoc-start", "2023-02-29"], "--postdoc-start 2023-02-29: no such date"),
        (["--postdoc-start", "2023-09-01", "--as-of", "tomorrow"], "--as-of tomorrow: not a date"),
        (
            ["--postdoc-start", "2023-09-01", "--leave", "2024-05-01:2024-04-01"],
            "--leave 2024-05-01:2024-04-01: the leave ends before it starts",
        ),
        (
            ["--postdoc-start", "2023-09-01", "--leave", "2023-08-01:2023-10-01"],
            "--leave 2023-08-01:2023-10-01: the leave starts before the postdoctoral start"
            " 2023-09-01",
        ),
        (
            ["--postdoc-start", "2023-09-01", "--leave", "2022-01-01:2022-02-01"],
            "--leave 2022-01-01:2022-02-01: the leave starts before the postdoctoral start",
        ),
        (
            ["--postdoc-start", "2023-09-01", "--leave", "2024-05-01:2024-06-30"]
            + ["--leave", "2024-06-15:2024-07-15"],
            "--leave 2024-06-15:2024-07-15: the leave overlaps the leave 2024-05-01:2024-06-30",
        ),
        (["--postdoc-start", "2023-09-01", "--leave", "2024-05-01"], "--leave 2024-05-01: write"),
        (
            ["--postdoc-start", "2023-09-01", "--leave", "2024-05-01:2024-06-31"],
            "--leave 2024-05-01:2024-06-31: 2024-06-31 is no such date",
        ),
        (["--postdoc-start", "2099-01-01"], "the calendar covers 1900-2100 only"),
    ],
)
def test_k99_eligibility_bad_input(args, message):
    assert message in refused("k99-eligibility", *args)


def test_the_real_script_prints_and_refuses():
    # The `fellowship` script runs `grants` without setting Django up.
    good = subprocess.run(
        [FELLOWSHIP, "grants", "due-dates", "--mechanism", "K23", "--kind", "resubmission"]
        + ["--from", "2028-01-01", "--to", "2028-12-31"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert good.returncode == 0, good.stderr
    assert good.stdout == "2028-03-13\n2028-07-12\n2028-11-13\n"
    bad = subprocess.run(
        [FELLOWSHIP, "grants", "k99-eligibility", "--postdoc-start", "2023-09-01"]
        + ["--leave", "2024-05-01:2024-04-01"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == (
        "CommandError: --leave 2024-05-01:2024-04-01: the leave ends before it starts\n"
    )
