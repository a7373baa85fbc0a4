import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from fellowship.accounts.models import ProgramRole

from . import factories as f

# Every test runs on the same day, 2026-11-25 (the clock still ticks), so that what is
# "current" (mentorships, leave, appointments ending soon) does not change with the date
# the suite happens to run on. Tests about other days pass `today=` explicitly.
TODAY = dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True, scope="session")
def fixed_today():
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the secret-link throttle counts in it
    (fellowship/core/throttle.py), so one test's wrong tokens never refuse the next's."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploaded files (plans, theses) go to a temporary folder, not the checkout's media/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


@dataclass
class World:
    """A program with one person in every role, and a second program beside it."""

    program: object
    other_program: object
    institution: object
    lab: object
    topic: object
    director: object
    coordinator: object
    mentor: object  # user; mentors `fellow`
    mentor_faculty: object
    unrelated_faculty: object  # user; faculty of the program, mentors nobody
    unrelated_faculty_record: object
    fellow: object  # user
    fellow_record: object
    other_fellow: object  # user
    other_fellow_record: object
    leave: object
    position: object
    degree: object
    mentorship: object


@pytest.fixture
def world(db):
    program = f.ProgramFactory(name="Informatics Research Training", slug="informatics-training")
    other_program = f.ProgramFactory(name="Other Program", slug="other-program")
    institution = f.InstitutionFactory(program=program, name="Medical School")
    topic = f.TopicFactory(program=program, name="Clinical informatics")
    director = f.UserFactory(email="director@test.org", full_name="Dana Director")
    coordinator = f.UserFactory(email="coordinator@test.org", full_name="Cory Coordinator")
    f.staff_role(director, program, ProgramRole.Role.DIRECTOR)
    f.staff_role(coordinator, program, ProgramRole.Role.COORDINATOR)
    mentor = f.UserFactory(email="mentor@test.org", full_name="Mina Mentor")
    mentor_faculty = f.FacultyFactory(
        program=program, institution=institution, user=mentor, email="mentor@test.org"
    )
    lab = f.LaboratoryFactory(
        institution=institution, head=mentor_faculty, name="Clinical Data Lab"
    )
    lab.topics.add(topic)
    mentor_faculty.laboratories.add(lab)
    unrelated = f.UserFactory(email="unrelated@test.org", full_name="Uma Unrelated")
    unrelated_record = f.FacultyFactory(
        program=program, institution=institution, user=unrelated, email="unrelated@test.org"
    )
    fellow = f.UserFactory(email="fellow@test.org", full_name="Fay Fellow")
    fellow_record = f.FellowFactory(
        program=program,
        user=fellow,
        email="fellow@test.org",
        laboratory=lab,
        first_name="Fay",
        last_name="Fellow",
    )
    other_fellow = f.UserFactory(email="other.fellow@test.org", full_name="Otto Other")
    other_fellow_record = f.FellowFactory(
        program=program,
        user=other_fellow,
        email="other.fellow@test.org",
        laboratory=lab,
        first_name="Otto",
        last_name="Other",
    )
    mentorship = f.MentorshipFactory(fellow=fellow_record, faculty=mentor_faculty)
    return World(
        program=program,
        other_program=other_program,
        institution=institution,
        lab=lab,
        topic=topic,
        director=director,
        coordinator=coordinator,
        mentor=mentor,
        mentor_faculty=mentor_faculty,
        unrelated_faculty=unrelated,
        unrelated_faculty_record=unrelated_record,
        fellow=fellow,
        fellow_record=fellow_record,
        other_fellow=other_fellow,
        other_fellow_record=other_fellow_record,
        leave=f.LeaveFactory(fellow=fellow_record),
        position=f.PositionFactory(fellow=fellow_record),
        degree=f.DegreeFactory(fellow=fellow_record),
        mentorship=mentorship,
    )
