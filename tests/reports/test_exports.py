"""The exports read back: CSV headers, XLSX cells, DOCX layout and bold names."""

import csv
import datetime as dt
import io

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from fellowship.reports import exports, tables

AS_OF = dt.date(2026, 11, 25)
PAPER = tables.PublicationFacts(
    authors=("Zhou L", "Müller AM", "Mentor MM"), title="A study", journal="JAMIA", year=2021,
    pmid="33012345", trainee_authors=(1,),
)  # fmt: skip
TRAINEES = [
    tables.TraineeFacts(
        key=1,
        sort_name="Müller, Ana M.",
        entry_year=2020,
        appointment_start=dt.date(2020, 7, 1),
        appointment_end=dt.date(2022, 6, 30),
        status="completed",
        publications=[PAPER],
    ),  # fmt: skip
    tables.TraineeFacts(
        key=2,
        sort_name="New, Nia",
        entry_year=2026,
        appointment_start=dt.date(2026, 7, 1),
        appointment_end=dt.date(2028, 6, 30),
        status="active",
    ),  # fmt: skip
]


def table5():
    return tables.publications_table(TRAINEES, part=1, as_of=AS_OF, program_name="Informatics")


def table8():
    return tables.outcomes_table(TRAINEES, part=1, as_of=AS_OF, grant_number="T15LM000001")


def test_csv_has_nih_headers_and_one_row_per_trainee():
    data = exports.render(table8(), "csv").decode("utf-8")
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data[1:])))
    assert rows[0] == tables.OUTCOMES_HEADERS
    assert [r[0] for r in rows[1:]] == ["Müller, Ana M.", "New, Nia"]
    rows5 = list(csv.reader(io.StringIO(exports.to_csv(table5()))))
    assert rows5[0] == [
        "Trainee Name", "Faculty Member", "Past or Current Trainee", "Training Period",
        "Publication",
    ]  # fmt: skip
    assert rows5[2][4] == "No publications: New entrant"


def test_xlsx_reads_back():
    book = openpyxl.load_workbook(io.BytesIO(exports.render(table5(), "xlsx")))
    sheet = book.active
    assert sheet.title == "Table 5"
    assert [c.value for c in sheet[1]] == tables.PUBLICATIONS_HEADERS
    assert sheet["A2"].value == "Müller, Ana M."
    assert sheet["E2"].value.startswith("Zhou L, Müller AM, Mentor MM. A study. JAMIA. 2021.")
    assert sheet["A1"].font.bold


def test_docx_is_landscape_with_a_repeated_header_and_bold_trainees():
    document = docx.Document(io.BytesIO(exports.render(table5(), "docx")))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    grid = document.tables[0]
    header = grid.rows[0]
    flags = header._tr.trPr.findall(qn("w:tblHeader"))
    assert flags and flags[0].get(qn("w:val")) == "true"
    assert [c.text for c in header.cells] == tables.PUBLICATIONS_HEADERS
    runs = grid.rows[1].cells[4].paragraphs[0].runs
    assert [r.text for r in runs if r.bold] == ["Müller AM"]
    assert "".join(r.text for r in runs).startswith("Zhou L, Müller AM, Mentor MM. A study.")
    assert grid.rows[2].cells[4].text == "No publications: New entrant"
    assert document.paragraphs[0].text == "Table 5. Publications of Those in Training: Postdoctoral"


def test_docx_table8_part2_has_no_support_column():
    table = tables.outcomes_table(TRAINEES, part=2, as_of=AS_OF)
    document = docx.Document(io.BytesIO(exports.render(table, "docx")))
    headers = [c.text for c in document.tables[0].rows[0].cells]
    assert tables.SUPPORT_HEADER not in headers
    assert headers[0] == "Trainee"
    assert document.paragraphs[1].text.startswith("Part II. Recent Graduates, 2022–2026")


def test_empty_docx_says_so():
    table = tables.outcomes_table(TRAINEES, part=1, as_of=AS_OF, first=1990, last=1991)
    document = docx.Document(io.BytesIO(exports.render(table, "docx")))
    assert any(p.text == "No trainees in this period." for p in document.paragraphs)


def test_docx_columns_fill_the_page_and_rows_stay_whole():
    document = docx.Document(io.BytesIO(exports.to_docx(table5())))
    grid = document.tables[0]
    widths = [col.width for col in grid.columns]
    assert abs(sum(widths) - docx.shared.Inches(10)) < docx.shared.Inches(0.01)
    # The citations get the most room, the dates the least.
    assert max(widths) == widths[tables.PUBLICATIONS_HEADERS.index("Publication")]
    for row in grid.rows:
        assert row._tr.trPr.findall(qn("w:cantSplit")), "a row may split across pages"
