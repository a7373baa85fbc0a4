"""The coordinator's CSV import of fellows, faculty and laboratories: all rows or none.

A file is checked whole before anything is written. Every row is read, its names looked up
in the program (institutions, laboratories, topics, faculty) and the record it describes is
built and checked with the models' own rules (`full_clean()`); every problem of every row
is reported as `line N: column: message`, N being the line a spreadsheet shows (the header
is line 1). Only a file without a single problem is written: in one transaction, through
the services, so that each record written gets its activity-log entry. The reading and
checking is `fellowship.core.csv_import`; this module has the program's importers.

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

import re
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from fellowship.activity.services import activity_record
from fellowship.core.csv_import import (
    Column,
    Importer,
    ImportResult,
    Plan,
    Row,
    RowError,
    choice_labels,
    field_values,
    parse_choice,
    parse_date,
    parse_whole_number,
    quoted,
    split_list,
)

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


# Entry point ----------------------------------------------------------------------------


def import_csv(*, kind: str, program, file_text: str | bytes, by, source: str = ""):
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


class ProgramImporter(Importer):
    """An import into one program: names are looked up in its directory, and what was
    written goes into the program's activity log with the person who imported it."""

    @cached_property
    def directory(self) -> ProgramDirectory:
        return ProgramDirectory(self.program)

    def record(self, result: ImportResult, *, source: str) -> None:
        activity_record(
            actor=self.by,
            verb=f"import.{self.kind}",
            target=self.program,
            program=self.program,
            summary=result.summary(self.program) + (f" From {source}." if source else ""),
        )


# The importers --------------------------------------------------------------------------


LIST_HELP = "Several are separated by semicolons."


class LaboratoryImporter(ProgramImporter):
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


class FacultyImporter(ProgramImporter):
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


class FellowImporter(ProgramImporter):
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
