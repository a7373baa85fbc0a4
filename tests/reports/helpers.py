"""An alumnus with every record the NIH tables read, added to the `world`."""

import datetime as dt

from fellowship.grants.models import AlumniGrant, GrantApplication
from fellowship.publications.models import Authorship, Publication
from tests import factories as f


def alumnus_for(world, *, last_name="Alvarez", first_name="Ana", start_year=2020, papers=1):
    """A 2020 entrant who completed in 2022: PhD 2019, two mentors, two positions, an R01,
    a funded K99 and `papers` publications on which she is the second author."""
    fellow = f.FellowFactory(
        program=world.program,
        first_name=first_name,
        middle_name="Maria",
        last_name=last_name,
        cohort_year=start_year,
        appointment_start=dt.date(start_year, 7, 1),
        appointment_end=dt.date(start_year + 2, 6, 30),
        status="completed",
        laboratory=world.lab,
    )
    f.DegreeFactory(fellow=fellow, degree="PhD", year=start_year - 1)
    f.MentorshipFactory(fellow=fellow, faculty=world.mentor_faculty)
    f.MentorshipFactory(fellow=fellow, faculty=world.unrelated_faculty_record, kind="secondary")
    f.PositionFactory(
        fellow=fellow, title="Instructor", start=dt.date(start_year + 2, 7, 1),
        end=dt.date(start_year + 4, 6, 30),
    )  # fmt: skip
    f.PositionFactory(
        fellow=fellow, title="Assistant Professor", start=dt.date(start_year + 4, 7, 1)
    )
    AlumniGrant.objects.create(
        fellow=fellow, mechanism="R01", role="mpi", year_awarded=start_year + 5, funder="NIH/NLM"
    )
    GrantApplication.objects.create(
        fellow=fellow, mechanism="K99", title="Notes", stage="funded",
        target_due_date=dt.date(start_year + 1, 6, 12), award_start=dt.date(start_year + 2, 4, 1),
    )  # fmt: skip
    for n in range(papers):
        pub = Publication.objects.create(
            program=world.program, title=f"Paper {n} of {last_name}", journal="JAMIA",
            year=start_year + 1, volume="29", issue="1", pages=f"{n + 1}-9",
            pmid=f"{fellow.pk}{n:04d}",
        )  # fmt: skip
        Authorship.objects.create(publication=pub, position=1, last_name="Zhou", initials="L")
        Authorship.objects.create(
            publication=pub, position=2, last_name=last_name, initials="AM", fellow=fellow,
            match="linked",
        )  # fmt: skip
        Authorship.objects.create(
            publication=pub, position=3, last_name=world.mentor_faculty.last_name, initials="M",
            faculty=world.mentor_faculty, match="linked",
        )  # fmt: skip
    return fellow
