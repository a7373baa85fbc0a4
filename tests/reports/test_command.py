"""`fellowship report table5|table8 ...`: files, standard output and clear errors."""

import csv
import io
from io import StringIO

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fellowship.reports import tables

from .helpers import alumnus_for


def report(*args):
    out, err = StringIO(), StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as caught:
        report(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def test_table8_csv_to_standard_output(world):
    alumnus_for(world)
    out, _ = report("table8", "--program", "informatics-training", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == tables.OUTCOMES_HEADERS
    assert "Alvarez, Ana M." in [r[0] for r in rows]


def test_table5_part2_period_to_xlsx_file(world, tmp_path):
    alumnus_for(world)  # completed 06/2022
    path = tmp_path / "t5.xlsx"
    _, err = report(
        "table5", "--program", "informatics-training", "--part", "2", "--from", "2021",
        "--to", "2023", "--format", "xlsx", "--output", str(path),
    )  # fmt: skip
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == tables.PUBLICATIONS_HEADERS
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["Alvarez, Ana M."]
    assert "1 trainees written to" in err and "2021–2023" in err


def test_docx_default_file_name(world, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report("table8", "--program", "informatics-training", "--format", "docx")
    path = tmp_path / "informatics-training-table8-part1-2012-2026.docx"
    assert docx.Document(str(path)).tables[0].rows[0].cells[0].text == "Trainee"


def test_unknown_program(world):
    message = refused("table8", "--program", "nope", "--format", "csv")
    assert "There is no program “nope”" in message and "informatics-training" in message


def test_from_after_to(world, tmp_path):
    message = refused(
        "table5", "--program", "informatics-training", "--from", "2024", "--to", "2020",
        "--format", "csv", "--output", str(tmp_path / "x.csv"),
    )  # fmt: skip
    assert message == "The first year (2024) comes after the last year (2020)."
    assert not (tmp_path / "x.csv").exists()


def test_unwritable_output(world, tmp_path):
    message = refused(
        "table8", "--program", "informatics-training", "--format", "csv",
        "--output", str(tmp_path / "missing" / "x.csv"),
    )  # fmt: skip
    assert message.startswith("Cannot write")
