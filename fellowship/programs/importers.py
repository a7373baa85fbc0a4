"""The coordinator's CSV import of fellows, faculty and laboratories: all rows or none.

A file is checked whole before anything is written. Every row is read, its names looked up
in the program (institutions, laboratories, topics, faculty) and the record it describes is
built and checked with the models' own rules (`full_clean()`); every problem of every row
is reported as `line N: column: message`, N being the line a spreadsheet shows (the header
is line 1). Only a file without a single problem is written: in one transaction, through
the services, so that each record written gets its activity-log entry.

A row updates the record it names when there is one (fellows and faculty by email,
laboratories by institution and name) and creates it otherwise, so importing the same file
twice changes nothing the second time. On an update an empty cell leaves the value as it
is: an import adds and changes, it never erases or deletes.

The column lists below are the documentation: the import page and the template CSV files
are rendered from them. To import another kind of record (grades, publications ...), write
an `Importer` subclass in the app that owns the records and add its dotted path to
`IMPORTERS`; the command (`fellowship import KIND FILE.csv`) and the page pick it up.
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
from django.utils.module_loading import import_string

from fellowship.activity.services import activity_record

from . import services
from .models import DoctoralDegree, FacultyMember, Fellow, Institution, Laboratory, Topic

# kind -> dotted path of its Importer class, in the order a new program imports them
# (faculty name their labs, fellows their lab).
IMPORTERS: dict[str, str] = {
    "labs": "fellowship.programs.importers.LaboratoryImporter",
    "faculty": "fellowship.programs.importers.FacultyImporter",
    "fellows": "fellowship.programs.importers.FellowImporter",
    "grades": "fellowship.curriculum.importers.GradeImporter",
}


def importer_kinds() -> list[str]:
    return list(IMPORTERS)


def importer_for(kind: str) -> type[Importer]:
    """The Importer class of a kind; KeyError when there is no such kind."""
    return import_string(IMPORTERS[kind])


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


# Entry point ----------------------------------------------------------------------------


def import_csv(*, kind: str, program, file_text: str | bytes, by=None, source: str = ""):
    """Check a CSV file of `kind` records for `program` and, if it has no problem, write it.

    `file_text` is the file's content; bytes are decoded as UTF-8 (with or without a BOM).
    `by` is the acting user (None from the command line). Bad data raises nothing: the
    returned ImportResult lists every problem, and then nothing has been written.
    """
    try:
        importer_class = importer_for(kind)
    except KeyError:
        result = ImportResult(kind=kind, noun="record", noun_plural="records")
        result.errors.append(
            RowError(None, f"There is no import of “{kind}”; choose one of: {_kinds_list()}.")
        )
        return result
    return importer_class(program=program, by=by).run(file_text, source=source)


def _kinds_list() -> str:
    return ", ".join(importer_kinds())


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


class ProgramDirectory:
    """The program's topics, institutions, laboratories and faculty, read once per import,
    so that looking names up costs no query per row."""

    def __init__(self, program):
        self.program = program
        self.topics = {t.name.casefold(): t for t in Topic.objects.filter(program=program)}
        self.institutions = list(Institution.objects.filter(program=program))
        self.laboratories = list(
            Laboratory.objects.filter(institution__program=program)
            .select_related("institution")
            .prefetch_related("topics")
        )
        self.faculty = {
            f.email.casefold(): f for f in FacultyMember.objects.filter(program=program)
        }

    def find_topics(self, row: Row, column: str) -> list[Topic] | None:
        names = split_list(row.get(column))
        unknown = [name for name in names if name.casefold() not in self.topics]
        if unknown:
            what = "is not a topic" if len(unknown) == 1 else "are not topics"
            row.problem(
                column,
                f"{quoted(unknown)} {what} of this program (add it under Topics first, "
                "or check the spelling)",
            )
            return None
        return [self.topics[name.casefold()] for name in names]

    def find_institution(self, name: str) -> list[Institution]:
        key = name.casefold()
        by_name = [i for i in self.institutions if i.name.casefold() == key]
        return by_name or [i for i in self.institutions if i.short_name.casefold() == key]

    def institution(self, row: Row, column: str) -> Institution | None:
        name = row.get(column)
        if not name:
            return None
        found = self.find_institution(name)
        if len(found) == 1:
            return found[0]
        if found:
            row.problem(column, f"“{name}” is the short name of several institutions: use a name")
        else:
            row.problem(column, f"“{name}” is not an institution of this program")
        return None

    def find_laboratory(self, row: Row, column: str, name: str) -> Laboratory | None:
        """A lab by name, or by "Name (Institution)" where two institutions share a name."""
        found = [lab for lab in self.laboratories if lab.name.casefold() == name.casefold()]
        if len(found) == 1:
            return found[0]
        qualified = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
        if qualified:
            institutions = self.find_institution(qualified[2].strip())
            matches = [
                lab
                for lab in self.laboratories
                if lab.name.casefold() == qualified[1].casefold()
                and lab.institution in institutions
            ]
            if len(matches) == 1:
                return matches[0]
        if found:
            where = ", ".join(
                sorted(lab.institution.short_name or lab.institution.name for lab in found)
            )
            row.problem(
                column,
                f"“{name}” is the name of laboratories at {where}: write it as "
                f"“{found[0].name} (institution)”",
            )
        else:
            row.problem(column, f"“{name}” is not a laboratory of this program")
        return None

    def find_laboratories(self, row: Row, column: str) -> list[Laboratory] | None:
        labs = [self.find_laboratory(row, column, name) for name in split_list(row.get(column))]
        return None if None in labs else labs

    def faculty_member(self, row: Row, column: str) -> FacultyMember | None:
        email = row.get(column)
        if not email:
            return None
        member = self.faculty.get(email.casefold())
        if member is None:
            row.problem(
                column, f"no faculty member of this program has the email address “{email}”"
            )
        return member


# The importers --------------------------------------------------------------------------


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
        writer.writerow(cls.column_names())
        writer.writerow([column.example for column in cls.columns])
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
        self.directory = ProgramDirectory(self.program)
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
            activity_record(
                actor=self.by,
                verb=f"import.{self.kind}",
                target=self.program,
                program=self.program,
                summary=result.summary(self.program) + (f" From {source}." if source else ""),
            )

    def write_plan(self, plan: Plan) -> None:
        raise NotImplementedError


def _messages(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error).splitlines()[0] if str(error) else error.__class__.__name__


LIST_HELP = "Several are separated by semicolons."


class LaboratoryImporter(Importer):
    kind = "labs"
    label = "Laboratories"
    noun = "laboratory"
    noun_plural = "laboratories"
    list_url_name = "programs:lab_list"
    key_columns = ("name", "institution")
    field_columns = {"head": "head_email"}
    columns = (
        Column("name", "The laboratory's name.", "Clinical NLP Laboratory", required=True),
        Column(
            "institution",
            "Name or short name of one of the program's institutions (add new ones under "
            "Institutions first). A lab is identified by its institution and name.",
            "BCH",
            required=True,
        ),
        Column(
            "head_email",
            "Email of the lab's head, a faculty member already recorded in the program "
            "(import faculty after labs, then the labs again to set their heads).",
            "",
        ),
        Column(
            "capacity",
            "How many new fellows the lab usually takes a year: a whole number, 0 or more. "
            "Default 1.",
            "2",
        ),
        Column("topics", f"Research topics of the program. {LIST_HELP}", "Clinical NLP; Genomics"),
        Column("website", "The lab's web address.", "https://example.org/nlp"),
        Column("description", "A paragraph for the public site.", "Language models for notes."),
    )

    def prepare(self):
        self.existing = {
            (lab.institution_id, lab.name.casefold()): lab for lab in self.directory.laboratories
        }

    def plan_row(self, row: Row) -> Plan:
        name = self.require(row, "name", "the laboratory's name")
        institution = self.directory.institution(row, "institution")
        if not row.has("institution"):
            self.require(row, "institution", "the laboratory's institution")
        key = (institution.pk, name.casefold()) if institution and name else None
        lab = self.existing.get(key) if key else None
        plan = Plan(row, lab or Laboratory(), key=key, creating=lab is None)
        if lab is not None:
            plan.before = field_values(lab)
        lab = plan.record
        self.assign(lab, row, "institution", institution)
        self.assign_text(lab, row, "name", "website", "description")
        self.assign(
            lab,
            row,
            "head_email",
            self.directory.faculty_member(row, "head_email"),
            field_name="head",
        )
        self.assign(lab, row, "capacity", parse_whole_number(row, "capacity"))
        plan.m2m["topics"] = (
            self.directory.find_topics(row, "topics") if row.has("topics") else None
        )
        return plan

    def write_plan(self, plan: Plan) -> None:
        services.laboratory_save(laboratory=plan.record, topics=plan.m2m["topics"], by=self.by)


class FacultyImporter(Importer):
    kind = "faculty"
    label = "Faculty"
    noun = "faculty member"
    noun_plural = "faculty members"
    list_url_name = "programs:faculty_list"
    key_columns = ("email",)
    columns = (
        Column("first_name", "Given name.", "Maria", required=True),
        Column("last_name", "Family name.", "Alvarez", required=True),
        Column(
            "email",
            "Email address. It identifies the faculty member: a row whose email is already "
            "recorded updates that faculty member.",
            "maria.alvarez@example.org",
            required=True,
        ),
        Column(
            "institution",
            "Name or short name of one of the program's institutions.",
            "BCH",
            required=True,
        ),
        Column("degrees", "As written after the name.", "MD, PhD"),
        Column("title", "Academic title.", "Associate Professor of Pediatrics"),
        Column(
            "rank",
            f"One of: {choice_labels(FacultyMember.Rank)}. Default Assistant Professor.",
            "Associate Professor",
        ),
        Column(
            "labs",
            f"Laboratories of the program the faculty member belongs to. {LIST_HELP} Where two "
            "institutions have labs of the same name, write “Lab name (institution)”.",
            "Clinical NLP Laboratory",
        ),
        Column("topics", f"Research topics of the program. {LIST_HELP}", "Clinical NLP"),
        Column(
            "leadership",
            "Leadership of national research centers or multi-institution initiatives.",
            "",
        ),
        Column("bio", "Public bio.", "Works on clinical language models."),
    )
    field_columns = {"laboratories": "labs"}

    def prepare(self):
        self.existing = {
            f.email.casefold(): f
            for f in FacultyMember.objects.filter(program=self.program)
            .select_related("institution")
            .prefetch_related("laboratories", "topics")
        }

    def plan_row(self, row: Row) -> Plan:
        email = self.require(row, "email", "an email address").casefold()
        member = self.existing.get(email) if email else None
        plan = Plan(
            row,
            member or FacultyMember(program=self.program),
            key=email or None,
            creating=member is None,
        )
        if member is not None:
            plan.before = field_values(member)
        member = plan.record
        self.assign_text(
            member, row, "first_name", "last_name", "email", "degrees", "title", "leadership", "bio"
        )
        self.assign(member, row, "institution", self.directory.institution(row, "institution"))
        self.assign(member, row, "rank", parse_choice(row, "rank", FacultyMember.Rank))
        plan.m2m["laboratories"] = (
            self.directory.find_laboratories(row, "labs") if row.has("labs") else None
        )
        plan.m2m["topics"] = (
            self.directory.find_topics(row, "topics") if row.has("topics") else None
        )
        return plan

    def write_plan(self, plan: Plan) -> None:
        services.faculty_save(
            faculty=plan.record,
            laboratories=plan.m2m["laboratories"],
            topics=plan.m2m["topics"],
            by=self.by,
        )


DEGREE_PATTERN = re.compile(
    r"(?P<degree>[^\s,]+)[\s,]+(?P<year>\d{4})(?:[\s,]+(?P<institution>.+))?"
)


class FellowImporter(Importer):
    kind = "fellows"
    label = "Fellows"
    noun = "fellow"
    noun_plural = "fellows"
    list_url_name = "programs:fellow_list"
    key_columns = ("email",)
    columns = (
        Column("first_name", "Given name.", "Ada", required=True),
        Column("middle_name", "Middle name, if any.", "M."),
        Column("last_name", "Family name.", "Lovelace", required=True),
        Column(
            "email",
            "Email address. It identifies the fellow: a row whose email is already recorded "
            "updates that fellow.",
            "ada.lovelace@example.org",
            required=True,
        ),
        Column("cohort_year", "The year the fellow entered the program.", "2025", required=True),
        Column(
            "appointment_start",
            "First day of the appointment, written YYYY-MM-DD.",
            "2025-07-01",
            required=True,
        ),
        Column(
            "appointment_end",
            "Last day of the appointment, YYYY-MM-DD, after the start.",
            "2027-06-30",
            required=True,
        ),
        Column(
            "status",
            f"One of: {choice_labels(Fellow.Status)}. Default Incoming.",
            "Incoming",
        ),
        Column(
            "laboratory",
            "The fellow's current laboratory, by name (“Lab name (institution)” where two "
            "institutions have labs of the same name).",
            "Clinical NLP Laboratory",
        ),
        Column("topics", f"Research topics of the program. {LIST_HELP}", "Clinical NLP; Genomics"),
        Column(
            "research_interests",
            "The fellow's expressed research interests.",
            "Clinical decision support",
        ),
        Column(
            "citizenship",
            f"Private. One of: {choice_labels(Fellow.Citizenship)}.",
            "U.S. citizen",
        ),
        Column(
            "prior_research_months",
            "Private. Months of postdoctoral research before the appointment: a whole number, "
            "0 or more.",
            "0",
        ),
        Column(
            "degrees",
            "Doctoral degrees, each as “degree year” with the institution after it if you "
            f"like. {LIST_HELP} Degrees already recorded are kept.",
            "PhD 2024 University of Washington; MD 2019",
        ),
    )

    def prepare(self):
        self.existing = {
            f.email.casefold(): f
            for f in Fellow.objects.filter(program=self.program)
            .select_related("laboratory__institution")
            .prefetch_related("topics", "degrees")
        }

    def plan_row(self, row: Row) -> Plan:
        email = self.require(row, "email", "an email address").casefold()
        fellow = self.existing.get(email) if email else None
        plan = Plan(
            row, fellow or Fellow(program=self.program), key=email or None, creating=fellow is None
        )
        if fellow is not None:
            plan.before = field_values(fellow)
        fellow = plan.record
        self.assign_text(fellow, row, "first_name", "middle_name", "last_name", "email")
        self.assign_text(fellow, row, "research_interests")
        self.assign(fellow, row, "cohort_year", parse_whole_number(row, "cohort_year"))
        self.assign(fellow, row, "appointment_start", parse_date(row, "appointment_start"))
        self.assign(fellow, row, "appointment_end", parse_date(row, "appointment_end"))
        self.assign(fellow, row, "status", parse_choice(row, "status", Fellow.Status))
        self.assign(
            fellow, row, "citizenship", parse_choice(row, "citizenship", Fellow.Citizenship)
        )
        self.assign(
            fellow, row, "prior_research_months", parse_whole_number(row, "prior_research_months")
        )
        if row.has("laboratory"):
            lab = self.directory.find_laboratory(row, "laboratory", row.get("laboratory"))
            self.assign(fellow, row, "laboratory", lab)
        plan.m2m["topics"] = (
            self.directory.find_topics(row, "topics") if row.has("topics") else None
        )
        plan.extra["degrees"] = self.plan_degrees(row, fellow if not plan.creating else None)
        return plan

    def plan_degrees(self, row: Row, fellow: Fellow | None) -> list[DoctoralDegree]:
        """The degrees the row adds or changes (unsaved); recorded ones not named are kept."""
        recorded = {
            (d.degree.casefold(), d.year): d for d in (fellow.degrees.all() if fellow else [])
        }
        planned = []
        for text in split_list(row.get("degrees")):
            match = DEGREE_PATTERN.fullmatch(text)
            if not match:
                row.problem("degrees", f"“{text}” is not a degree and year, e.g. “PhD 2021”")
                continue
            year, institution = int(match["year"]), (match["institution"] or "").strip()
            degree = recorded.get((match["degree"].casefold(), year))
            if degree is None:
                degree = DoctoralDegree(degree=match["degree"], year=year, institution=institution)
            elif institution and institution != degree.institution:
                degree.institution = institution
            else:
                continue  # recorded already, as it is
            try:
                degree.full_clean(exclude={"fellow"})
            except ValidationError as error:
                for messages in error.message_dict.values():
                    for message in messages:
                        row.problem("degrees", f"{text}: {message.rstrip('.')}")
                continue
            planned.append(degree)
        return planned

    def relations_changed(self, plan):
        return super().relations_changed(plan) or bool(plan.extra["degrees"])

    def write_plan(self, plan: Plan) -> None:
        fellow = services.fellow_save(fellow=plan.record, topics=plan.m2m["topics"], by=self.by)
        for degree in plan.extra["degrees"]:
            degree.fellow = fellow
            services.degree_save(degree=degree, by=self.by)
