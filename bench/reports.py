"""NIH training tables benchmark: Table 8 and Table 5 for a program with 15 years of history.

    make bench-reports              (or: .venv/bin/python bench/reports.py [--keep])

Builds, in a throwaway SQLite database (a temporary file, migrated from scratch), a program
with 200 trainees entering over 15 years, 40 faculty mentors, doctoral degrees, mentorships,
leave, positions after training, alumni grants and funded K99s, the MMSc curriculum with
every trainee's enrollments, and 3,000 publications of six authors each (one or two of them
linked trainees). Then times, best of five, for each table (Part I, NIH's look-back):
  - reading the records (selectors.trainee_facts) and building the table (tables.*);
  - the whole `selectors.build_table` call, with its number of SQL queries;
  - each export (CSV, XLSX, DOCX) of the built table, and table + export together.
Target (issue 9, item 7): under 1 second per table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET = 1.0  # seconds per table
TRAINEES, PUBLICATIONS, FACULTY, YEARS = 200, 3_000, 40, 15
AS_OF = dt.date(2026, 11, 25)  # fixed, so that every run builds the same tables


def setup_django(db_path: Path) -> None:
    """Point Django at a fresh SQLite file before anything imports the models."""
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fellowship.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


# The program -------------------------------------------------------------------------------

SURNAMES = [
    "Alvarez",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Huang",
    "Ibrahim",
    "Jones",
    "Kim",
    "Lopez",
    "Martin",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Rossi",
    "Smith",
    "Tanaka",
    "Usman",
    "Volkov",
    "Wang",
    "Xu",
    "Yilmaz",
    "Zhou",
]
GIVEN = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kiran",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
]
TITLES = ["Instructor", "Assistant Professor", "Research Scientist", "Data Scientist"]
PLACES = [
    ("Department of Medicine", "Harvard Medical School", "academia", "research"),
    ("Biomedical Informatics", "Vanderbilt University", "academia", "research"),
    ("Health Data Science", "Verily Life Sciences", "for_profit", "research_related"),
    ("Office of the Director", "National Library of Medicine", "government", "research"),
    ("Clinical Informatics", "Kaiser Permanente", "nonprofit", "clinical"),
]
JOURNALS = ["J Am Med Inform Assoc", "J Biomed Inform", "NPJ Digit Med", "Nat Med", "Lancet"]


def build_program(rng: random.Random):
    from fellowship.curriculum.models import Enrollment
    from fellowship.demo.curriculum import (
        ELECTIVES,
        GRADES,
        PASS_FAIL,
        STANDARD_PLAN,
        catalog_load,
        term_status,
        versions_load,
    )
    from fellowship.demo.programs import DemoCalendar
    from fellowship.grants.models import AlumniGrant, GrantApplication
    from fellowship.programs import models as m
    from fellowship.publications.models import Authorship, Publication

    first_cohort = AS_OF.year - YEARS + 1
    program = m.Program.objects.create(
        name="Benchmark Training Program", slug="bench-reports", grant_number="T15LM099999"
    )
    topics = m.Topic.objects.bulk_create(
        m.Topic(program=program, name=f"Topic {n:02d}") for n in range(20)
    )
    institution = m.Institution.objects.create(
        program=program, name="Medical School", kind="medical_school"
    )
    faculty = m.FacultyMember.objects.bulk_create(
        m.FacultyMember(
            program=program, first_name=rng.choice(GIVEN), last_name=f"{rng.choice(SURNAMES)}{n}",
            email=f"faculty{n}@example.org", institution=institution,
        )
        for n in range(FACULTY)
    )  # fmt: skip
    labs = m.Laboratory.objects.bulk_create(
        m.Laboratory(institution=institution, name=f"Laboratory {n}", head=faculty[n], capacity=2)
        for n in range(12)
    )
    for lab in labs:
        lab.topics.set(rng.sample(topics, 2))

    fellows = []
    for n in range(TRAINEES):
        cohort = first_cohort + n * YEARS // TRAINEES
        start = dt.date(cohort, 7, 1)
        end = dt.date(cohort + 2, 6, 30)
        if end < AS_OF:
            status = "withdrawn" if n % 23 == 0 else "completed"
        else:
            status = "on_leave" if n % 17 == 0 else "active"
        fellows.append(
            m.Fellow(
                program=program, first_name=rng.choice(GIVEN), middle_name=rng.choice("ABCDE"),
                last_name=f"{rng.choice(SURNAMES)}-{n}", email=f"fellow{n}@example.org",
                cohort_year=cohort, appointment_start=start, appointment_end=end,
                status=status, laboratory=labs[n % len(labs)],
            )
        )  # fmt: skip
    fellows = m.Fellow.objects.bulk_create(fellows)
    through = m.Fellow.topics.through
    through.objects.bulk_create(
        through(fellow_id=f.pk, topic_id=rng.choice(topics).pk) for f in fellows if f.pk % 5
    )

    degrees, mentorships, leaves, positions, alumni, k99s = [], [], [], [], [], []
    for n, f in enumerate(fellows):
        start, end = f.appointment_start, f.appointment_end
        degrees.append(m.DoctoralDegree(fellow=f, degree="PhD", year=f.cohort_year - 1))
        if n % 4 == 0:
            degrees.append(m.DoctoralDegree(fellow=f, degree="MD", year=f.cohort_year - 3))
        mentorships.append(m.Mentorship(fellow=f, faculty=faculty[n % FACULTY], start=start))
        if n % 3 == 0:
            mentorships.append(
                m.Mentorship(
                    fellow=f, faculty=faculty[(n + 7) % FACULTY], kind="secondary", start=start
                )
            )
        if n % 11 == 0:
            leaves.append(
                m.Leave(fellow=f, kind="parental", start=start.replace(year=start.year + 1),
                        end=start.replace(year=start.year + 1, month=10))
            )  # fmt: skip
        if f.status != "completed":
            continue
        # One to three positions after training, the last one current.
        begin = end + dt.timedelta(days=1)
        for k in range(1 + n % 3):
            title = TITLES[min(k + n % 2, len(TITLES) - 1)]
            dept, inst, sector, activity = PLACES[(n + k) % len(PLACES)]
            finish = begin.replace(year=begin.year + 2) if k < n % 3 else None
            if begin > AS_OF:
                break
            positions.append(
                m.Position(fellow=f, title=title, department=dept, institution=inst,
                           sector=sector, activity=activity, start=begin, end=finish)
            )  # fmt: skip
            if finish is None:
                break
            begin = finish + dt.timedelta(days=1)
        if n % 3 == 0 and end.year + 4 <= AS_OF.year:
            alumni.append(
                AlumniGrant(fellow=f, mechanism="R01", role="pi", year_awarded=end.year + 4,
                            funder="NIH/NLM")
            )  # fmt: skip
        if n % 4 == 0:
            k99s.append(
                GrantApplication(fellow=f, mechanism="K99", title=f"Pathway to independence {n}",
                                 stage="funded", target_due_date=dt.date(end.year - 1, 6, 12),
                                 award_start=dt.date(end.year, 4, 1))
            )  # fmt: skip
    m.DoctoralDegree.objects.bulk_create(degrees)
    m.Mentorship.objects.bulk_create(mentorships)
    m.Leave.objects.bulk_create(leaves)
    m.Position.objects.bulk_create(positions)
    AlumniGrant.objects.bulk_create(alumni)
    GrantApplication.objects.bulk_create(k99s)

    # The MMSc: the demo's catalog and requirement versions, moved to the first cohort.
    courses = catalog_load(program)
    versions_load(program, courses, DemoCalendar(years=first_cohort - 2023))
    enrollments = []
    for n, f in enumerate(fellows):
        if f.status == "withdrawn":
            continue
        electives = dict(zip(("E1", "E2", "E3"), ELECTIVES[n % len(ELECTIVES)], strict=True))
        for offset, season, codes in STANDARD_PLAN:
            for code in codes:
                code = electives.get(code, code)
                year = f.cohort_year + offset
                status = term_status(year, season, AS_OF)
                done = status == Enrollment.Status.COMPLETED
                grade = ("P" if code in PASS_FAIL else GRADES[n % len(GRADES)]) if done else ""
                enrollments.append(
                    Enrollment(fellow=f, course=courses[code], term_year=year,
                               term_season=season, status=status, grade=grade)
                )  # fmt: skip
    Enrollment.objects.bulk_create(enrollments)

    # 3,000 publications over the 15 years, each by six authors, one or two of them trainees.
    publications, authors = [], []
    for n in range(PUBLICATIONS):
        lead = fellows[n % TRAINEES]
        year = min(AS_OF.year, lead.cohort_year + rng.randrange(0, 5))
        publications.append(
            Publication(program=program, title=f"Study {n} of clinical data at scale",
                        journal=rng.choice(JOURNALS), year=year, volume=str(year - 1990),
                        issue=str(1 + n % 12), pages=f"{n % 900 + 1}-{n % 900 + 9}",
                        pmid=str(30_000_000 + n), doi=f"10.1000/bench.{n}")
        )  # fmt: skip
    publications = Publication.objects.bulk_create(publications)
    for n, pub in enumerate(publications):
        lead = fellows[n % TRAINEES]
        other = fellows[(n * 7 + 3) % TRAINEES] if n % 5 == 0 else None
        mentor = faculty[n % FACULTY]
        people = [None, lead, None, other, None, mentor]
        for position, person in enumerate(people, start=1):
            if isinstance(person, m.Fellow):
                authors.append(
                    Authorship(publication=pub, position=position, last_name=person.last_name,
                               initials=person.first_name[0] + person.middle_name[:1],
                               fellow=person, match="linked")
                )  # fmt: skip
            elif isinstance(person, m.FacultyMember):
                authors.append(
                    Authorship(publication=pub, position=position, last_name=person.last_name,
                               initials=person.first_name[0], faculty=person, match="linked")
                )  # fmt: skip
            else:
                authors.append(
                    Authorship(publication=pub, position=position,
                               last_name=rng.choice(SURNAMES), initials=rng.choice("ABCDEFG"))
                )  # fmt: skip
    Authorship.objects.bulk_create(authors, batch_size=2_000)
    counts = {
        "trainees": len(fellows),
        "faculty": len(faculty),
        "degrees": len(degrees),
        "mentorships": len(mentorships),
        "positions": len(positions),
        "grants": len(alumni) + len(k99s),
        "enrollments": len(enrollments),
        "publications": len(publications),
        "authorships": len(authors),
    }
    return program, counts


# Measuring ---------------------------------------------------------------------------------


def best_of(fn, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def queries_of(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def row(*cells):
    widths = (40, 10, 12, 10)
    print(
        "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        )
    )


def ratio(seconds: float) -> str:
    return f"{seconds / TARGET:.2f}x"


def measure(program, repeat: int) -> bool:
    from fellowship.reports import exports, selectors, tables

    facts_time, facts = best_of(lambda: selectors.trainee_facts(program), repeat)
    print(f"\nReading the records (selectors.trainee_facts): {facts_time:.3f} s, "
          f"{queries_of(lambda: selectors.trainee_facts(program))} queries")  # fmt: skip
    all_met = True
    for key in tables.TABLE_KEYS:
        table = selectors.build_table(program, key, as_of=AS_OF)
        print(f"\n{table.title}, {table.subtitle}: {len(table.rows)} trainees")
        row("", "seconds", "vs 1 s target", "")
        builder = tables.BUILDERS[key]
        pure, _ = best_of(
            lambda b=builder: b(facts, part=1, as_of=AS_OF, grant_number=program.grant_number),
            repeat,
        )
        whole, _ = best_of(lambda k=key: selectors.build_table(program, k, as_of=AS_OF), repeat)
        queries = queries_of(lambda k=key: selectors.build_table(program, k, as_of=AS_OF))
        row("builder only (tables.py, from facts)", f"{pure:.3f}", ratio(pure))
        row("selectors.build_table (records+builder)", f"{whole:.3f}", ratio(whole),
            f"{queries} queries")  # fmt: skip
        for fmt in exports.FORMATS:
            export, body = best_of(lambda f=fmt, t=table: exports.render(t, f), repeat)
            total = whole + export
            all_met &= total < TARGET
            row(f"  export {fmt.upper()} ({len(body) / 1024:.0f} KiB)", f"{export:.3f}",
                ratio(export), f"table+{fmt}: {total:.3f} s ({ratio(total)})")  # fmt: skip
    print(f"\nTarget: each table, built and exported, under {TARGET:.0f} s: "
          f"{'met' if all_met else 'NOT met'}")  # fmt: skip
    return all_met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="best of N runs (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the database file and say where")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-reports-")
    db_path = Path(folder) / "bench.sqlite3"
    try:
        start = time.perf_counter()
        setup_django(db_path)
        from django.db import transaction

        with transaction.atomic():
            program, counts = build_program(random.Random(2026))
        print(f"Built in {time.perf_counter() - start:.1f} s (migrate + data), SQLite {db_path}")
        print("  " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        met = measure(program, args.repeat)
    finally:
        if not args.keep:
            for p in Path(folder).iterdir():
                p.unlink()
            os.rmdir(folder)
    raise SystemExit(0 if met else 1)


if __name__ == "__main__":
    main()
