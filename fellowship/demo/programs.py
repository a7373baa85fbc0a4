"""Load the demo program: a realistic, fictional fellowship to explore every role with.

`load_demo_program()` is idempotent: each record is looked up by its natural key (program
slug, institution name, lab name within its institution, faculty and fellow email ...) and
updated in place, so loading twice gives the same data, not duplicates. Records are
validated with `full_clean()` like the services do, but saved directly: loading the demo
writes no activity-log entries.

The data itself lives in TOML files (`fellowship/demo/data/*.toml`, read by
`fellowship.demo.data`), written as if the academic year were 2026-27 (cohort 2025 in its
second year). It is moved by whole years to the academic year of the day it is loaded, so
the demo never goes stale: loaded in September 2028, the second-year cohort is 2027 and
every date moves two years with it.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from fellowship.accounts.models import ProgramRole, User
from fellowship.demo import data
from fellowship.programs.models import (
    DoctoralDegree,
    FacultyMember,
    Fellow,
    Institution,
    Laboratory,
    Leave,
    Mentorship,
    Position,
    Program,
    Topic,
)

STAFF_ROLES = {
    "director": ProgramRole.Role.DIRECTOR,
    "coordinator": ProgramRole.Role.COORDINATOR,
}


DATA_ACADEMIC_YEAR = 2026  # the academic year (July to June) the data is written for


@dataclass(frozen=True)
class DemoCalendar:
    """Moves the data's years and dates to the academic year the demo is loaded in."""

    years: int

    @classmethod
    def for_day(cls, today: date) -> "DemoCalendar":
        academic_year = today.year if today.month >= 7 else today.year - 1
        return cls(years=academic_year - DATA_ACADEMIC_YEAR)

    def year(self, year: int) -> int:
        return year + self.years

    def day(self, written: date) -> date:
        try:
            return written.replace(year=written.year + self.years)
        except ValueError:  # February 29 in a year that has none
            return written.replace(year=written.year + self.years, day=28)


@transaction.atomic
def load_demo_program(*, stdout=None, today: date | None = None) -> Program:
    """Create or refresh the demo program, its people and the demo accounts."""
    cal = DemoCalendar.for_day(today or timezone.localdate())
    say = _reporter(stdout)
    program = program_load()
    accounts = demo_accounts_load(program)
    topics = topics_load(program)
    institutions = institutions_load(program)
    say(f"  {len(topics)} topics, {len(institutions)} institutions")
    faculty = faculty_load(program, institutions, topics, accounts)
    labs = laboratories_load(institutions, faculty, topics)
    faculty_laboratories_assign(faculty, labs)
    say(f"  {len(labs)} laboratories, {len(faculty)} faculty members")
    fellows = fellows_load(program, labs, topics, accounts, cal)
    for spec in data.FELLOWS:
        fellow = fellows[spec["email"]]
        degrees_load(fellow, spec["degrees"], cal)
        mentorships_load(fellow, spec, faculty, cal)
        leaves_load(fellow, spec["leaves"], cal)
        positions_load(fellow, spec["positions"], cal)
    say(f"  {len(fellows)} fellows in cohorts {_cohorts(fellows.values())}")
    return program


def program_load() -> Program:
    spec = data.PROGRAM
    return _upsert(Program, key={"slug": spec["slug"]}, values=spec)


def demo_accounts_load(program: Program) -> dict[str, User]:
    """The four demo users, with the demo password; staff get their program role."""
    accounts = {}
    for spec in data.DEMO_ACCOUNTS:
        user = User.objects.filter(email=spec["email"]).first() or User(email=spec["email"])
        user.full_name = spec["full_name"]
        user.set_password(data.DEMO_PASSWORD)
        user.full_clean()
        user.save()
        if spec["role"] in STAFF_ROLES:
            ProgramRole.objects.get_or_create(
                user=user, program=program, role=STAFF_ROLES[spec["role"]]
            )
        accounts[user.email] = user
    return accounts


def topics_load(program: Program) -> dict[str, Topic]:
    return {
        name: _upsert(Topic, key={"program": program, "name": name}, values={})
        for name in data.TOPICS
    }


def institutions_load(program: Program) -> dict[str, Institution]:
    """Institutions by short name."""
    institutions = {}
    for spec in data.INSTITUTIONS:
        institutions[spec["short_name"]] = _upsert(
            Institution,
            key={"program": program, "name": spec["name"]},
            values={field: spec[field] for field in ("short_name", "kind", "city", "website")},
        )
    return institutions


def faculty_load(program, institutions, topics, accounts) -> dict[str, FacultyMember]:
    """Faculty by email; a demo account with the same email is linked to its record."""
    faculty = {}
    for spec in data.FACULTY:
        values = {
            field: spec[field]
            for field in ("first_name", "last_name", "degrees", "title", "rank")
            + ("leadership", "bio")
        }
        values["institution"] = institutions[spec["institution"]]
        if spec["email"] in accounts:
            values["user"] = accounts[spec["email"]]
        faculty[spec["email"]] = _upsert(
            FacultyMember,
            key={"program": program, "email": spec["email"]},
            values=values,
            m2m={"topics": [topics[name] for name in spec["topics"]]},
        )
    return faculty


def laboratories_load(institutions, faculty, topics) -> dict[str, Laboratory]:
    """Laboratories by name, each with its head."""
    labs = {}
    for spec in data.LABORATORIES:
        labs[spec["name"]] = _upsert(
            Laboratory,
            key={"institution": institutions[spec["institution"]], "name": spec["name"]},
            values={
                "head": faculty[spec["head"]],
                "description": spec["description"],
                "website": f"https://example.org/labs/{slugify(spec['name'])}",
                "capacity": spec["capacity"],
            },
            m2m={"topics": [topics[name] for name in spec["topics"]]},
        )
    return labs


def faculty_laboratories_assign(faculty, labs) -> None:
    for spec in data.FACULTY:
        faculty[spec["email"]].laboratories.set([labs[name] for name in spec["labs"]])


def fellows_load(program, labs, topics, accounts, cal: DemoCalendar) -> dict[str, Fellow]:
    """Fellows by email; appointments run two years from July 1 of the cohort year."""
    fellows = {}
    for spec in data.FELLOWS:
        cohort = cal.year(spec["cohort_year"])
        values = {
            field: spec[field]
            for field in ("first_name", "middle_name", "last_name", "status")
            + ("research_interests", "citizenship", "prior_research_months")
        }
        values["cohort_year"] = cohort
        values["appointment_start"] = date(cohort, 7, 1)
        values["appointment_end"] = date(cohort + 2, 6, 30)
        values["laboratory"] = labs[spec["laboratory"]] if spec["laboratory"] else None
        if spec["email"] in accounts:
            values["user"] = accounts[spec["email"]]
        fellows[spec["email"]] = _upsert(
            Fellow,
            key={"program": program, "email": spec["email"]},
            values=values,
            m2m={"topics": [topics[name] for name in spec["topics"]]},
        )
    return fellows


def degrees_load(fellow: Fellow, degrees, cal: DemoCalendar) -> None:
    for spec in degrees:
        _upsert(
            DoctoralDegree,
            key={"fellow": fellow, "degree": spec["degree"]},
            values={"year": cal.year(spec["year"]), "institution": spec["institution"]},
        )


def mentorships_load(fellow: Fellow, spec: dict, faculty, cal: DemoCalendar) -> None:
    """Mentors from the appointment's start; they end with the appointment of a completed
    fellow, on the day a withdrawn fellow left, and are open while the fellow is here."""
    if spec["status"] == Fellow.Status.COMPLETED:
        end = fellow.appointment_end
    elif spec["status"] == Fellow.Status.WITHDRAWN:
        end = cal.day(spec["left"])
    else:
        end = None
    for mentor in spec["mentors"]:
        _upsert(
            Mentorship,
            key={"fellow": fellow, "faculty": faculty[mentor["email"]], "kind": mentor["kind"]},
            values={"start": fellow.appointment_start, "end": end},
        )


def leaves_load(fellow: Fellow, leaves, cal: DemoCalendar) -> None:
    # Keyed by kind, not start: a reload in a later year moves the leave, not duplicates it.
    for spec in leaves:
        _upsert(
            Leave,
            key={"fellow": fellow, "kind": spec["kind"]},
            values={
                "start": cal.day(spec["start"]),
                "end": cal.day(spec["end"]),
                "note": spec["note"],
            },
        )


def positions_load(fellow: Fellow, positions, cal: DemoCalendar) -> None:
    for spec in positions:
        _upsert(
            Position,
            key={"fellow": fellow, "title": spec["title"], "institution": spec["institution"]},
            values={
                "department": spec["department"],
                "sector": spec["sector"],
                "activity": spec["activity"],
                "start": cal.day(spec["start"]),
                "end": cal.day(spec["end"]) if spec["end"] else None,
            },
        )


def _upsert(model, *, key: dict, values: dict, m2m: dict | None = None):
    """Find the record by its natural key (or start one), set its values, validate, save."""
    record = model.objects.filter(**key).first() or model(**key)
    for field, value in values.items():
        setattr(record, field, value)
    record.full_clean()
    record.save()
    for field, related in (m2m or {}).items():
        getattr(record, field).set(related)
    return record


def _cohorts(fellows) -> str:
    return ", ".join(str(year) for year in sorted({f.cohort_year for f in fellows}))


def _reporter(stdout):
    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    return say
