"""The registrar's grades file: `fellowship import grades FILE.csv`, or the Import page.

One row per fellow, course and term. A row whose fellow, course and term are already
recorded updates that enrollment (its status and grade); any other row adds one. Like every
import, the file is checked whole and lands whole or not at all (see core/csv_import.py).
"""

from __future__ import annotations

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from fellowship.core.csv_import import Column, Plan, Row, choice_labels, field_values, parse_choice
from fellowship.programs.importers import ProgramImporter
from fellowship.programs.models import Fellow

from . import degree, services
from .models import Course, Enrollment, Season

TERM_PATTERN = re.compile(r"(?P<season>[A-Za-z]+)\s+(?P<year>\d{4})")


def course_key(code: str) -> str:
    """ "bmi  701" and "BMI701" are BMI 701."""
    return re.sub(r"\s+", "", code).casefold()


class GradeImporter(ProgramImporter):
    kind = "grades"
    label = "Grades and enrollments"
    noun = "enrollment"
    noun_plural = "enrollments"
    list_url_name = "curriculum:cohort"
    key_columns = ("email", "course", "term")
    field_columns = {
        "fellow": "email",
        "course": "course",
        "term_year": "term",
        "term_season": "term",
        "status": "status",
        "grade": "grade",
    }
    columns = (
        Column(
            "email",
            "The fellow's email address, as recorded in the program.",
            "ada.lovelace@example.org",
            required=True,
        ),
        Column(
            "course",
            "The course code of the program's catalog (spaces and case do not matter).",
            "BMI 701",
            required=True,
        ),
        Column(
            "term",
            "Season and year: Winter, Spring, Summer or Fall, then the year. A fellow's course "
            "and term identify the row: importing it again updates the status and grade.",
            "Fall 2025",
            required=True,
        ),
        Column(
            "status",
            f"One of: {choice_labels(Enrollment.Status)}. Default Completed when there is a "
            "grade, Enrolled when there is none.",
            "Completed",
        ),
        Column(
            "grade",
            "A letter grade A+ … F, or P / F for a pass/fail course. Only for completed or "
            "failed courses.",
            "A-",
        ),
    )

    def prepare(self):
        self.fellows = {f.email.casefold(): f for f in Fellow.objects.filter(program=self.program)}
        self.courses = {course_key(c.code): c for c in Course.objects.filter(program=self.program)}
        self.existing = {
            (e.fellow_id, e.course_id, e.term_year, e.term_season): e
            for e in Enrollment.objects.filter(fellow__program=self.program)
        }

    def plan_row(self, row: Row) -> Plan:
        email = self.require(row, "email", "the fellow's email")
        fellow = self.fellows.get(email.casefold()) if email else None
        if email and fellow is None:
            row.problem("email", f"no fellow of this program has the email address “{email}”")
        code = self.require(row, "course", "a course code")
        course = self.courses.get(course_key(code)) if code else None
        if code and course is None:
            row.problem("course", f"“{code}” is not a course of this program's catalog")
        term = self.parse_term(row)
        key = None
        if fellow and course and term:
            key = (fellow.pk, course.pk, term.year, term.season.value)
        existing = self.existing.get(key) if key else None
        plan = Plan(row, existing or Enrollment(), key=key, creating=existing is None)
        if existing is not None:
            plan.before = field_values(existing)
        record = plan.record
        if fellow:
            record.fellow = fellow
        if course:
            record.course = course
        if term:
            record.term_year, record.term_season = term.year, term.season.value
        grade = self.parse_grade(row)
        status = parse_choice(row, "status", Enrollment.Status)
        if status is None and not row.bad("status") and plan.creating:
            status = Enrollment.Status.COMPLETED if grade else Enrollment.Status.ENROLLED
        self.assign(record, row, "status", status)
        self.assign(record, row, "grade", grade)
        return plan

    def parse_term(self, row: Row) -> degree.Term | None:
        value = self.require(row, "term", "a term such as “Fall 2025”")
        if not value:
            return None
        match = TERM_PATTERN.fullmatch(value.strip())
        if not match or match["season"].lower() not in Season.values:
            row.problem("term", f"“{value}” is not a season and a year, e.g. “Fall 2025”")
            return None
        return degree.Term(int(match["year"]), match["season"].lower())

    def parse_grade(self, row: Row) -> str | None:
        value = row.get("grade")
        if not value:
            return None
        grade = value.strip().upper()
        if grade not in degree.LETTER_GRADES and grade != degree.PASS:
            row.problem("grade", f"“{value}” is not a grade: write A+ … F, or P or F")
            return None
        return grade

    def check_plan(self, plan: Plan) -> None:
        row, record = plan.row, plan.record
        exclude = set()
        for column, _ in row.problems:
            exclude |= {f for f, c in self.field_columns.items() if c == column}
        if not (record.fellow_id and record.course_id):
            exclude |= {"fellow", "course"}
        try:
            record.full_clean(exclude=exclude, validate_constraints=not exclude)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = "" if field_name == NON_FIELD_ERRORS else self.column_of(field_name)
                for message in messages:
                    row.problem(column, message.rstrip("."))
        if not plan.creating:
            plan.changed = field_values(record) != plan.before

    def write_plan(self, plan: Plan) -> None:
        services.enrollment_save(enrollment=plan.record, by=self.by)
