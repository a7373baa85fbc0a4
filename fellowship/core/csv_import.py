"""The CSV import framework: a file is checked whole and lands whole or not at all.

An `Importer` subclass declares its columns (the documentation: the import page and the
template CSV are rendered from them), how a row becomes a record (`plan_row`) and how that
is written (`write_plan`). `run()` reads every row, builds and checks each record with the
model's own rules (`full_clean()`) and reports every problem of every row as
`line N: column: message`, N being the line a spreadsheet shows (the header is line 1).
Only a file without a single problem is written, in one transaction; `record()` then says
what was written (the programs app writes the activity-log entry).

This module knows no app: the importers themselves live in the app that owns the records
(`programs/importers.py` lists them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction

from .spreadsheet import safe_row

# What a file is checked against and what the check returns ------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an import file, as the documentation and the template show it."""

    name: str
    help: str
    example: str = ""
    required: bool = False


@dataclass(frozen=True)
class RowError:
    """One problem: the line it is on (None for the file as a whole), the column, what."""

    line: int | None
    message: str
    column: str = ""

    def __str__(self) -> str:
        parts = [f"line {self.line}"] if self.line else []
        if self.column:
            parts.append(self.column)
        parts.append(self.message)
        return ": ".join(parts)


@dataclass
class ImportResult:
    kind: str
    noun: str  # one record, e.g. "fellow"
    noun_plural: str  # several, e.g. "fellows"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self, program) -> str:
        """ "Imported 3 fellows (2 created, 1 updated) into <program>." """
        noun = self.noun if self.total == 1 else self.noun_plural
        counts = f"{self.created} created, {self.updated} updated"
        if self.unchanged:
            counts += f", {self.unchanged} unchanged"
        return f"Imported {self.total} {noun} ({counts}) into {program}."


# Reading the file -----------------------------------------------------------------------


class FileProblem(Exception):
    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


def decode_file(file_text: str | bytes) -> str:
    """The file as text; FileProblem if it is not UTF-8. A leading BOM is dropped."""
    if isinstance(file_text, bytes):
        try:
            file_text = file_text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = file_text[: error.start].count(b"\n") + 1
            bad = file_text[error.start : error.start + 1].hex()
            raise FileProblem(
                RowError(
                    line,
                    f"the file is not UTF-8 text (byte 0x{bad} is not UTF-8). Save it from "
                    "your spreadsheet as “CSV UTF-8” and import it again.",
                )
            ) from None
    return file_text.removeprefix("\ufeff")


def guess_delimiter(text: str) -> str:
    """A comma, unless the header has none but has semicolons or tabs (European Excel)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        for delimiter in (";", "\t"):
            if delimiter in first:
                return delimiter
    return ","


def read_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for each non-blank CSV record; line is where the record starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileProblem(
                RowError(line, f"this line cannot be read as CSV ({error}); check its quotes.")
            ) from None
        if any(cell.strip() for cell in cells):
            yield line, cells


def column_name(cell: str) -> str:
    """Header cells match whatever their case and spacing: " First Name " is first_name."""
    return re.sub(r"[\s-]+", "_", cell.strip()).lower()


def quoted(names) -> str:
    return ", ".join(f"“{name}”" for name in names)


# Reading cells --------------------------------------------------------------------------


class Row:
    """One record of the file: its cells by column, and the problems found in it."""

    def __init__(self, line: int, cells: dict[str, str]):
        self.line = line
        self.cells = cells
        self.problems: list[tuple[str, str]] = []  # (column, message)

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def has(self, column: str) -> bool:
        return bool(self.cells.get(column))

    def problem(self, column: str, message: str) -> None:
        if (column, message) not in self.problems:
            self.problems.append((column, message))

    def bad(self, column: str) -> bool:
        return any(c == column for c, _ in self.problems)


def split_list(value: str) -> list[str]:
    """ "Genomics; Clinical NLP;" -> ["Genomics", "Clinical NLP"], without repeats."""
    items = []
    for item in value.split(";"):
        item = item.strip()
        if item and item.casefold() not in {i.casefold() for i in items}:
            items.append(item)
    return items


def parse_whole_number(row: Row, column: str, *, minimum: int = 0) -> int | None:
    """The cell as an int; None when it is empty or wrong (then a problem is noted)."""
    value = row.get(column)
    if not value:
        return None
    if not re.fullmatch(r"[+-]?\d+", value):
        row.problem(column, f"“{value}” is not a whole number")
        return None
    number = int(value)
    if number < minimum:
        row.problem(column, f"{number} is less than {minimum}")
        return None
    return number


def parse_date(row: Row, column: str) -> date | None:
    value = row.get(column)
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    try:
        if not match:
            raise ValueError
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        row.problem(column, f"{value} is not a valid date (YYYY-MM-DD)")
        return None


def _choice_key(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", str(text)).strip().casefold()


def choice_labels(choices: type[models.TextChoices]) -> str:
    return ", ".join(str(label) for value, label in choices.choices if value)


def parse_choice(row: Row, column: str, choices: type[models.TextChoices]) -> str | None:
    """The stored value for a cell holding a choice's value or label, in any case."""
    value = row.get(column)
    if not value:
        return None
    for stored, label in choices.choices:
        if _choice_key(value) in (_choice_key(stored), _choice_key(label)):
            return stored
    row.problem(column, f"“{value}” is not one of: {choice_labels(choices)}")
    return None


# The importer: check the whole file, then write it ----------------------------------


@dataclass
class Plan:
    """What one row will write: the record (new or changed in memory) and its relations."""

    row: Row
    record: models.Model
    key: object = None  # the record's identity within the file, None if unknown
    creating: bool = True
    before: dict = field(default_factory=dict)  # the record's fields before the row
    m2m: dict = field(default_factory=dict)  # field -> list of records, None: unchanged
    extra: dict = field(default_factory=dict)
    changed: bool = True


def field_values(record: models.Model) -> dict:
    return {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}


class Importer:
    """Checks and writes one kind of record. Subclasses declare the columns and how a row
    becomes a record (`plan_row`) and how that is written (`write_plan`)."""

    kind: str = ""
    label: str = ""  # "Fellows", for the page
    noun: str = ""
    noun_plural: str = ""
    columns: tuple[Column, ...] = ()
    key_columns: tuple[str, ...] = ()  # what identifies a record: duplicates are errors
    field_columns: dict[str, str] = {}  # model field -> column, where the names differ
    list_url_name: str | None = None  # the page that lists the records, for the import page
    do_not_call_in_templates = True  # the page shows the class's columns

    def __init__(self, *, program, by=None):
        self.program = program
        self.by = by

    # Documentation

    @classmethod
    def column_names(cls) -> list[str]:
        return [column.name for column in cls.columns]

    @classmethod
    def required_columns(cls) -> list[str]:
        return [column.name for column in cls.columns if column.required]

    @classmethod
    def template_csv(cls) -> str:
        """The header row and one example row, for a coordinator to fill in."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(safe_row(cls.column_names()))
        writer.writerow(safe_row(column.example for column in cls.columns))
        return out.getvalue()

    # The whole import

    def new_result(self) -> ImportResult:
        return ImportResult(kind=self.kind, noun=self.noun, noun_plural=self.noun_plural)

    def run(self, file_text: str | bytes, *, source: str = "") -> ImportResult:
        result = self.new_result()
        try:
            plans = self.check_file(file_text, result)
        except FileProblem as problem:
            result.errors.append(problem.error)
            return result
        if not result.ok:
            return result
        try:
            with transaction.atomic():
                self.write(plans, result, source=source)
        except (ValidationError, DatabaseError) as error:
            # Only when someone changed the records between the check and the write.
            failed = self.new_result()
            failed.errors.append(
                RowError(
                    getattr(error, "import_line", None),
                    f"the import stopped while saving ({_messages(error)}); import the file again.",
                )
            )
            return failed
        return result

    def check_file(self, file_text, result: ImportResult) -> list[Plan]:
        text = decode_file(file_text)
        records = read_records(text)
        first = next(records, None)
        if first is None:
            raise FileProblem(
                RowError(
                    None,
                    "the file is empty: it needs a header row naming the columns, "
                    "then one row per record.",
                )
            )
        header_line, header = first
        names = self.check_header(header_line, header, result)
        if names is None:
            return []
        self.prepare()
        plans: list[Plan] = []
        seen: dict[object, int] = {}
        for line, cells in records:
            filled = len(cells)
            while filled and not cells[filled - 1].strip():
                filled -= 1
            if filled > len(names):
                result.errors.append(
                    RowError(
                        line,
                        f"this row has {filled} cells but the header has {len(names)} "
                        "columns; check for a stray comma or a value in an unnamed column.",
                    )
                )
                continue
            # A short row (a spreadsheet drops trailing empty cells) reads as empty cells.
            pairs = zip(names, cells, strict=False)
            row = Row(line, {name: cell.strip() for name, cell in pairs if name in self.known})
            plan = self.plan_row(row)
            if plan.key is not None:
                if plan.key in seen:
                    row.problem(self.key_columns[0], f"duplicate of line {seen[plan.key]}")
                else:
                    seen[plan.key] = line
            self.check_plan(plan)
            result.errors.extend(
                RowError(line, message, column) for column, message in row.problems
            )
            plans.append(plan)
        if not plans and result.ok:
            result.errors.append(
                RowError(None, "the file has a header row but no records below it.")
            )
        return plans

    @property
    def known(self) -> set[str]:
        return set(self.column_names())

    def check_header(self, line: int, header: list[str], result: ImportResult):
        """The column names in file order, or None when the rows cannot be read by them."""
        names = [column_name(cell) for cell in header]
        while names and not names[-1]:
            names.pop()
        fatal = False
        unnamed = [str(i) for i, name in enumerate(names, start=1) if not name]
        if unnamed:
            result.errors.append(
                RowError(line, f"the header has no name for column {', '.join(unnamed)}.")
            )
            fatal = True
        repeated = sorted({name for name in names if name and names.count(name) > 1})
        if repeated:
            result.errors.append(
                RowError(line, f"the header names {quoted(repeated)} more than once.")
            )
            fatal = True
        unknown = [name for name in names if name and name not in self.known]
        if unknown:
            what = "is not a column" if len(unknown) == 1 else "are not columns"
            result.errors.append(
                RowError(
                    line,
                    f"{quoted(unknown)} {what} of a {self.noun} import; the columns are: "
                    f"{', '.join(self.column_names())}.",
                )
            )
        missing = [name for name in self.required_columns() if name not in names]
        if missing:
            what = "column is" if len(missing) == 1 else "columns are"
            result.errors.append(
                RowError(line, f"the required {what} missing: {', '.join(missing)}.")
            )
            fatal = True
        return None if fatal else names

    def prepare(self) -> None:
        """Read what the rows will be matched against (existing records)."""

    def plan_row(self, row: Row) -> Plan:
        raise NotImplementedError

    def require(self, row: Row, column: str, what: str) -> str:
        value = row.get(column)
        if not value:
            row.problem(column, f"every row needs {what}")
        return value

    def assign(self, record, row: Row, column: str, value, *, field_name: str = "") -> None:
        """Set a field from a cell; an empty or wrong cell leaves it as it is."""
        if value is not None and not row.bad(column):
            setattr(record, field_name or column, value)

    def assign_text(self, record, row: Row, *columns: str) -> None:
        for column in columns:
            if row.has(column):
                setattr(record, column, row.get(column))

    def check_plan(self, plan: Plan) -> None:
        """Validate the record with the model's rules; note whether the row changes it."""
        row, record = plan.row, plan.record
        exclude = {self.column_field(column) for column, _ in row.problems}
        try:
            record.full_clean(exclude=exclude)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = "" if field_name == NON_FIELD_ERRORS else self.column_of(field_name)
                for message in messages:
                    row.problem(column, message.rstrip("."))
        if not plan.creating:
            plan.changed = field_values(record) != plan.before or self.relations_changed(plan)

    def column_of(self, field_name: str) -> str:
        return self.field_columns.get(field_name, field_name)

    def column_field(self, column: str) -> str:
        for field_name, name in self.field_columns.items():
            if name == column:
                return field_name
        return column

    def relations_changed(self, plan: Plan) -> bool:
        for name, wanted in plan.m2m.items():
            if wanted is not None:
                current = {r.pk for r in getattr(plan.record, name).all()}
                if current != {r.pk for r in wanted}:
                    return True
        return False

    def write(self, plans: list[Plan], result: ImportResult, *, source: str) -> None:
        for plan in plans:
            if not plan.changed:
                result.unchanged += 1
                continue
            try:
                self.write_plan(plan)
            except (ValidationError, DatabaseError) as error:
                error.import_line = plan.row.line
                raise
            if plan.creating:
                result.created += 1
            else:
                result.updated += 1
        if result.created or result.updated:
            self.record(result, source=source)

    def record(self, result: ImportResult, *, source: str) -> None:
        """Say what was written (in the import's transaction); an app's base importer
        writes its activity-log entry here."""

    def write_plan(self, plan: Plan) -> None:
        raise NotImplementedError


def _messages(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error).splitlines()[0] if str(error) else error.__class__.__name__
