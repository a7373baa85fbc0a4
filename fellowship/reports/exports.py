"""A `tables.ReportTable` as CSV, XLSX or DOCX. No Django: the command and the page share it.

CSV and XLSX carry NIH's column names as the header row. The DOCX is laid out as NIH's
tables are: landscape letter paper, the header row repeated at the top of every page,
trainee names in bold in the citations of Table 5.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from lxml import etree
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from fellowship.core.spreadsheet import safe_row, safe_rows

from .tables import ReportTable

FORMATS = ("csv", "xlsx", "docx")
NOT_REVIEWED_RED = RGBColor(0xB0, 0x00, 0x20)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def to_csv(table: ReportTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(table.headers))
    writer.writerows(safe_rows(table.text_rows()))
    return out.getvalue()


def to_xlsx(table: ReportTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.nih_name
    sheet.append(safe_row(table.headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in safe_rows(table.text_rows()):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wide = {"Publication": 90, "Topic of Research Project": 30}
    for i, header in enumerate(table.headers, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = wide.get(header, 22)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Relative column widths in the DOCX (the page's 10 inches between margins are shared in
# these proportions): narrow dates and degrees, room for positions and citations.
DOCX_WEIGHTS = {
    "Trainee": 1.0,
    "Doctoral Degree(s) and Year(s)": 0.75,
    "Faculty Member": 1.05,
    "Start Date": 0.55,
    "Summary of Support During Training": 1.0,
    "Degree(s) Resulting from Training and Year(s)": 0.8,
    "Topic of Research Project": 1.0,
    "Initial Position Department Institution Activity": 1.35,
    "Current Position Department Institution Activity": 1.35,
    "Subsequent Grant(s)/Role/Year Awarded": 1.2,
    "Trainee Name": 1.2,
    "Past or Current Trainee": 0.65,
    "Training Period": 1.15,
    "Publication": 5.35,
}
PAGE_TEXT_WIDTH = 10.0  # inches: landscape letter less two half-inch margins


def _column_widths(headers: list[str]) -> list[int]:
    weights = [DOCX_WEIGHTS.get(h, 1.0) for h in headers]
    return [Inches(PAGE_TEXT_WIDTH * w / sum(weights)) for w in weights]


def _keep_row_together(tr) -> None:
    """A row is never split across pages (Word and LibreOffice move it whole)."""
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _repeat_as_header(row) -> None:
    """Mark a table row as a header row: Word repeats it at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


_R, _RPR, _B, _T, _P = qn("w:r"), qn("w:rPr"), qn("w:b"), qn("w:t"), qn("w:p")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _add_run(paragraph, text: str, bold: bool) -> None:
    """A run appended as raw WordprocessingML: python-docx's `add_run` parses the text
    character by character, which made Table 5 (thousands of citations) take a second."""
    run = etree.SubElement(paragraph, _R)
    if bold:
        etree.SubElement(etree.SubElement(run, _RPR), _B)
    t = etree.SubElement(run, _T)
    t.set(_SPACE, "preserve")
    t.text = text


def to_docx(table: ReportTable) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.5))
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(8)

    heading = document.add_paragraph()
    heading.add_run(table.title).bold = True
    sub = document.add_paragraph(table.subtitle)
    if table.program_name:
        grant = f" ({table.grant_number})" if table.grant_number else ""
        sub.add_run(f". {table.program_name}{grant}")

    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.autofit = False
    widths = _column_widths(table.headers)
    # The grid's columns give each added row's cells their width (python-docx copies them).
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    header_row = grid.rows[0]
    _repeat_as_header(header_row)
    _keep_row_together(header_row._tr)
    for cell, text, width in zip(header_row.cells, table.headers, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(text).bold = True
    for row in table.rows:
        tr = grid.add_row()._tr
        _keep_row_together(tr)
        for tc, content in zip(tr.tc_lst, row, strict=True):
            for i, paragraph in enumerate(content.paragraphs):
                target = tc.p_lst[0] if i == 0 else etree.SubElement(tc, _P)
                for run in paragraph:
                    _add_run(target, run.text, run.bold)
    if not table.rows:
        document.add_paragraph("No trainees in this period.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(table: ReportTable, fmt: str) -> bytes:
    if fmt == "csv":
        # A byte-order mark so that Excel reads the names' accents as UTF-8.
        return ("\ufeff" + to_csv(table)).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(table)
    if fmt == "docx":
        return to_docx(table)
    raise ValueError(f"Unknown format “{fmt}”: choose csv, xlsx or docx.")


# RPPR trainee summaries ------------------------------------------------------------------

SUMMARY_HEADERS = ["Trainee", "Summary", "Review"]


@dataclass
class SummaryRow:
    name: str  # "Last, First"
    text: str
    reviewed: bool  # saved by the coordinator or director, not only drafted
    status: str  # "Reviewed: saved 11/20/2026", "Not reviewed: draft from the records"


def summaries_csv(items: list[SummaryRow]) -> bytes:
    """One row per trainee; the Review column says which paragraphs no one has reviewed."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(SUMMARY_HEADERS))
    writer.writerows(safe_rows([i.name, i.text, i.status] for i in items))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def summaries_docx(title: str, items: list[SummaryRow]) -> bytes:
    """Each trainee's name in bold, then the paragraph: ready to paste into the RPPR. Drafts
    that no one reviewed are listed at the top and marked where they stand."""
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.add_paragraph().add_run(title).bold = True
    unreviewed = [i.name for i in items if not i.reviewed]
    if unreviewed:
        note = document.add_paragraph().add_run(
            f"Not reviewed ({len(unreviewed)} of {len(items)}): "
            f"{'; '.join(unreviewed)}. These paragraphs are drafts from the records that no "
            "one has saved; review them (and add presentations and honors) before pasting "
            "them into the RPPR."
        )
        note.bold = True
        note.font.color.rgb = NOT_REVIEWED_RED
    for item in items:
        paragraph = document.add_paragraph()
        paragraph.add_run(item.name).bold = True
        if not item.reviewed:
            mark = paragraph.add_run(" [NOT REVIEWED]")
            mark.bold = True
            mark.font.color.rgb = NOT_REVIEWED_RED
        paragraph.add_run(f". {item.text}")
    if not items:
        document.add_paragraph("No current trainees.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
