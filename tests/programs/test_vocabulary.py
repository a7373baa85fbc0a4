"""The vocabulary: "current mentor" and "in training" are answered in one place
(programs/models.py), and every page, permission and reminder asks it."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from fellowship.accounts.roles import forget_memberships
from fellowship.programs.models import Fellow, Mentorship
from fellowship.progress import plans as progress_plans
from fellowship.progress.models import ResearchPlan
from fellowship.web.next_steps import next_steps
from tests import factories as f
from tests.progress.helpers import PLAN

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)  # the suite's fixed day (tests/conftest.py)
PACKAGE = Path(__file__).resolve().parents[2] / "fellowship"


@pytest.fixture
def incoming(world):
    """An incoming fellow placed in the mentor's lab before the appointment starts: the
    placement's mentorship starts with the appointment, next July."""
    user = f.UserFactory(email="ines@test.org", full_name="Ines Incoming")
    fellow = f.FellowFactory(
        program=world.program,
        user=user,
        email="ines@test.org",
        first_name="Ines",
        last_name="Incoming",
        cohort_year=2027,
        appointment_start=dt.date(2027, 7, 1),
        appointment_end=dt.date(2029, 6, 30),
        status=Fellow.Status.INCOMING,
        laboratory=world.lab,
    )
    f.MentorshipFactory(fellow=fellow, faculty=world.mentor_faculty)
    return fellow


def test_the_placed_mentor_is_current_before_the_appointment_starts(incoming, world):
    assert list(Mentorship.objects.current(on=TODAY).filter(fellow=incoming)) == [
        incoming.mentorships.get()
    ]
    assert incoming.mentorships.get().is_current_on(TODAY)
    assert incoming.mentorships.get().starts_later


def test_a_mentorship_starting_later_in_training_is_not_current_yet(world):
    later = f.MentorshipFactory(
        fellow=world.fellow_record,
        faculty=world.unrelated_faculty_record,
        kind=Mentorship.Kind.SECONDARY,
        start=dt.date(2027, 9, 1),
    )
    current = Mentorship.objects.current(on=TODAY)
    assert later not in current and world.mentorship in current
    assert not later.is_current_on(TODAY) and later.is_current_on(dt.date(2027, 9, 1))
    assert later in Mentorship.objects.current_or_upcoming(on=TODAY)
    # ... so it gives no access to the fellow's records today.
    forget_memberships(world.unrelated_faculty)
    assert not world.unrelated_faculty.has_perm("programs.view_fellow", world.fellow_record)
    assert not world.unrelated_faculty.has_perm("progress.view_progress", world.fellow_record)


def test_an_ended_mentorship_is_not_current(world):
    world.mentorship.end = dt.date(2026, 11, 24)
    world.mentorship.save()
    assert not Mentorship.objects.current(on=TODAY).exists()
    assert Mentorship.objects.current(on=dt.date(2026, 11, 24)).exists()


def test_the_placed_mentor_reviews_the_incoming_fellows_plan_and_sees_it_waiting(
    client, incoming, world
):
    plan = progress_plans.plan_save(fellow=incoming, by=incoming.user, **PLAN)
    plan = progress_plans.plan_transition(
        plan=plan, to=ResearchPlan.State.SUBMITTED, by=incoming.user
    )
    forget_memberships(world.mentor)
    waiting = [(i.what, i.for_whom) for i in next_steps(world.mentor, world.program, TODAY).items]
    assert ("Review the research plan", "Ines Incoming") in waiting
    client.force_login(world.mentor)
    page = client.get(
        reverse("progress:plan", kwargs={"program": world.program.slug, "pk": incoming.pk})
    )
    assert page.status_code == 200 and b"Approve" in page.content
    plan = progress_plans.plan_transition(
        plan=plan, to=ResearchPlan.State.APPROVED, by=world.mentor
    )
    assert plan.state == ResearchPlan.State.APPROVED


def test_the_incoming_fellows_dashboard_names_the_mentor_from_the_start(client, incoming, world):
    client.force_login(incoming.user)
    page = client.get(reverse("programs:dashboard", kwargs={"program": world.program.slug}))
    text = page.content.decode()
    assert "None yet" not in text
    assert world.mentor_faculty.display_name in text
    assert "from Jul 1, 2027" in text


def test_status_sets_are_the_vocabulary(world):
    statuses = {s: f.FellowFactory(program=world.program, status=s) for s in Fellow.Status}
    in_training = set(Fellow.objects.filter(pk__in=[x.pk for x in statuses.values()]).in_training())
    assert {x.status for x in in_training} == {"orientation", "active", "on_leave"}
    current = Fellow.objects.filter(pk__in=[x.pk for x in statuses.values()]).current()
    assert {x.status for x in current} == {"incoming", "orientation", "active", "on_leave"}
    alumni = Fellow.objects.filter(pk__in=[x.pk for x in statuses.values()]).alumni()
    assert {x.status for x in alumni} == {"completed", "withdrawn"}


def test_the_pure_tables_mirror_in_training():
    from fellowship.reports import tables

    assert set(Fellow.IN_TRAINING) == tables.CURRENT_STATUSES


def _sources():
    for path in PACKAGE.rglob("*.py"):
        if "migrations" not in path.parts:
            yield path, path.read_text()


def test_no_hand_written_mentorship_date_filter_outside_the_vocabulary():
    """A date filter on Mentorship (or through `mentorships__`) is written only in
    MentorshipQuerySet; everything else asks .current() / .current_or_upcoming()."""
    found = []
    for path, text in _sources():
        for n, line in enumerate(text.splitlines(), 1):
            if re.search(r"mentorships__(start|end)", line):
                found.append(f"{path.relative_to(PACKAGE)}:{n}")
            if path.name != "models.py" and re.search(r"\b(start|end)__(lte|gte|isnull)", line):
                if "Mentorship" in text and "mentorship" in line.lower():
                    found.append(f"{path.relative_to(PACKAGE)}:{n}")
    assert found == []


def test_no_hand_written_status_list_outside_the_vocabulary():
    """Status sets are Fellow.IN_TRAINING / CURRENT / ALUMNI; nobody lists statuses again
    (demo loaders describe their own people and are not rules)."""
    found = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path, text in _sources()
        if "demo" not in path.relative_to(PACKAGE).parts
        for n, line in enumerate(text.splitlines(), 1)
        if re.search(r"[\[(]\s*Fellow\.Status\.\w+\s*,", line)
    ]
    assert found == []
