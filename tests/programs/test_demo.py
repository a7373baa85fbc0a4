"""The demo program: idempotent, broad, valid, and the demo accounts work."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from fellowship.accounts.models import User
from fellowship.accounts.roles import Role, memberships
from fellowship.activity.models import ActivityEntry
from fellowship.demo import data as demo_data
from fellowship.demo.programs import load_demo_program
from fellowship.programs.models import (
    FacultyMember,
    Fellow,
    Institution,
    Laboratory,
    Leave,
    Mentorship,
    Position,
    Program,
)

pytestmark = pytest.mark.django_db

# The demo reads as of this day; its dates are fixed data.
DEMO_TODAY = date(2026, 11, 25)
DEMO_EMAILS = [
    "director@example.org",
    "coordinator@example.org",
    "mentor@example.org",
    "fellow@example.org",
]


# First, on an empty database: the tests that load the demo themselves. The module's demo
# (below) stays loaded from the first test that uses it to the end of the module.


@pytest.fixture
def empty_db(db):
    assert not Program.objects.exists(), "keep this test above the first one using the demo"


def test_demo_command_load_only_prints_the_accounts(empty_db):
    out = StringIO()
    call_command("demo", "--load-only", "--port", "8123", stdout=out)
    printed = out.getvalue()
    assert 'Demo program "Informatics Research Training" loaded.' in printed
    assert "http://127.0.0.1:8123/accounts/login/" in printed
    assert "fellowship demo" in printed
    for email in DEMO_EMAILS:
        assert email in printed
    assert Fellow.objects.filter(program__slug="informatics-training").count() >= 20


def test_the_demo_moves_with_the_academic_year(empty_db):
    """Loaded two academic years later, every cohort and date moves two years with it."""
    program = load_demo_program(today=date(2028, 9, 1))
    fellow = Fellow.objects.get(program=program, email="fellow@example.org")
    assert fellow.cohort_year == 2027
    assert (fellow.appointment_start, fellow.appointment_end) == (
        date(2027, 7, 1),
        date(2029, 6, 30),
    )
    cohorts = set(Fellow.objects.filter(program=program).values_list("cohort_year", flat=True))
    assert cohorts == {2025, 2026, 2027, 2028, 2029}
    on_leave = Fellow.objects.get(program=program, status=Fellow.Status.ON_LEAVE)
    leave = on_leave.leaves.get()
    assert leave.start <= date(2028, 11, 25) <= leave.end
    # Loading again on the data's own day moves everything back, without duplicates.
    load_demo_program(today=date(2026, 11, 25))
    fellow.refresh_from_db()
    assert fellow.cohort_year == 2025
    assert Leave.objects.filter(fellow__program=program).count() == 2


@pytest.fixture(scope="module")
def demo_program(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo_program()
        transaction.set_rollback(True)


@pytest.fixture
def program(demo_program, db):
    return demo_program


def record_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_loading_twice_gives_the_same_counts_and_no_activity(program):
    first = record_counts()
    again = load_demo_program()
    assert again.pk == program.pk
    assert record_counts() == first
    assert ActivityEntry.objects.count() == 0


def test_institutions_span_school_hospitals_public_health_and_cs_lab(program):
    kinds = list(program.institutions.values_list("kind", flat=True))
    assert len(kinds) >= 9
    assert kinds.count(Institution.Kind.MEDICAL_SCHOOL) == 1
    assert kinds.count(Institution.Kind.HOSPITAL) >= 5
    assert Institution.Kind.PUBLIC_HEALTH in kinds
    assert Institution.Kind.UNIVERSITY_LAB in kinds


def test_topics_include_the_core_research_areas(program):
    names = set(program.topics.values_list("name", flat=True))
    assert len(names) >= 8
    assert {
        "Clinical informatics",
        "Bioinformatics and genomics",
        "Imaging informatics",
        "Population health informatics",
        "Natural language processing",
        "Machine learning in medicine",
    } <= names


def test_every_laboratory_has_a_head_of_the_program_topics_and_a_website(program):
    labs = Laboratory.objects.filter(institution__program=program)
    assert labs.count() >= 22
    assert labs.values("institution").distinct().count() == program.institutions.count()
    for lab in labs.select_related("head").prefetch_related("topics", "members"):
        assert lab.head.program_id == program.pk
        assert lab.head in lab.members.all()
        assert 1 <= lab.topics.count() <= 3
        assert 1 <= lab.capacity <= 3
        assert lab.description
        assert lab.website.startswith("https://example.org/")


def test_faculty_have_names_degrees_labs_topics_and_bios(program):
    faculty = FacultyMember.objects.filter(program=program)
    assert faculty.count() >= 32
    assert faculty.exclude(leadership="").count() >= 3
    for member in faculty.prefetch_related("laboratories", "topics"):
        assert member.first_name and member.last_name and member.degrees
        assert member.title and member.bio
        assert member.laboratories.exists() and member.topics.exists()
        assert all(lab.institution_id == member.institution_id for lab in member.laboratories.all())


def test_cohorts_from_completed_to_incoming(program):
    fellows = Fellow.objects.filter(program=program)
    by_cohort = {}
    for fellow in fellows:
        by_cohort.setdefault(fellow.cohort_year, set()).add(fellow.status)
        assert fellow.appointment_start == date(fellow.cohort_year, 7, 1)
        assert fellow.appointment_end == date(fellow.cohort_year + 2, 6, 30)
    assert sorted(by_cohort) == [2023, 2024, 2025, 2026, 2027]
    for year in by_cohort:
        assert 4 <= fellows.filter(cohort_year=year).count() <= 6
    assert by_cohort[2023] == {Fellow.Status.COMPLETED, Fellow.Status.WITHDRAWN}
    assert by_cohort[2024] == {Fellow.Status.COMPLETED}
    assert by_cohort[2025] == {Fellow.Status.ACTIVE, Fellow.Status.ON_LEAVE}
    assert by_cohort[2026] == {Fellow.Status.ACTIVE, Fellow.Status.ORIENTATION}
    assert by_cohort[2027] == {Fellow.Status.INCOMING}


def test_every_fellow_has_the_basic_record(program):
    for fellow in Fellow.objects.filter(program=program).prefetch_related("topics", "degrees"):
        assert fellow.email.endswith("@example.org")
        assert fellow.research_interests
        assert fellow.topics.exists()
        assert fellow.degrees.exists()
        assert fellow.citizenship
        assert 0 <= fellow.prior_research_months <= 30
    fellows = Fellow.objects.filter(program=program)
    assert fellows.exclude(middle_name="").exists()
    assert (
        fellows.filter(
            citizenship__in=[Fellow.Citizenship.US_CITIZEN, Fellow.Citizenship.PERMANENT_RESIDENT]
        ).count()
        > fellows.count() * 3 // 4
    )


def test_placed_fellows_have_a_primary_mentor_from_their_lab(program):
    for fellow in Fellow.objects.filter(program=program).select_related("laboratory"):
        primaries = fellow.mentorships.filter(kind=Mentorship.Kind.PRIMARY)
        if fellow.status == Fellow.Status.INCOMING:
            assert fellow.laboratory is None
            assert not fellow.mentorships.exists()
            continue
        assert fellow.laboratory is not None
        if fellow.status == Fellow.Status.ORIENTATION:
            # The demo's one fellow still waiting for a primary mentor (dashboard: attention).
            assert not primaries.exists()
            continue
        assert primaries.count() == 1
        primary = primaries.get()
        assert primary.faculty.laboratories.filter(pk=fellow.laboratory_id).exists()
        assert primary.start == fellow.appointment_start
        if fellow.status == Fellow.Status.COMPLETED:
            assert primary.end == fellow.appointment_end
        elif fellow.status == Fellow.Status.WITHDRAWN:
            assert primary.end < fellow.appointment_end
        else:
            assert primary.end is None
    secondaries = Mentorship.objects.filter(fellow__program=program, kind=Mentorship.Kind.SECONDARY)
    assert secondaries.count() >= 3


def test_leaves_one_current_and_one_completed(program):
    on_leave = Fellow.objects.get(program=program, status=Fellow.Status.ON_LEAVE)
    assert on_leave.cohort_year == 2025
    assert on_leave.leaves.filter(start__lte=DEMO_TODAY, end__gte=DEMO_TODAY).exists()
    past = Leave.objects.filter(
        fellow__program=program, fellow__status=Fellow.Status.COMPLETED, end__lt=DEMO_TODAY
    )
    assert past.filter(kind=Leave.Kind.MEDICAL).exists()


def test_past_fellows_have_positions_after_the_program(program):
    past = Fellow.objects.filter(
        program=program, status__in=[Fellow.Status.COMPLETED, Fellow.Status.WITHDRAWN]
    )
    for fellow in past:
        left = fellow.mentorships.get(kind=Mentorship.Kind.PRIMARY).end
        assert fellow.positions.filter(start__gt=left).exists(), fellow
    positions = Position.objects.filter(fellow__in=past)
    assert positions.filter(end__lt=date(2023, 7, 1)).exists()  # positions before, too
    assert {Position.Sector.ACADEMIA, Position.Sector.FOR_PROFIT, Position.Sector.GOVERNMENT} <= (
        set(positions.values_list("sector", flat=True))
    )


def test_demo_accounts_log_in_with_the_demo_password_and_have_their_roles(program):
    for account in demo_data.DEMO_ACCOUNTS:
        user = User.objects.get(email=account["email"])
        assert user.check_password("demo-password")
        assert Role(account["role"]) in memberships(user).roles[program.pk]
    assert [a["email"] for a in demo_data.DEMO_ACCOUNTS] == DEMO_EMAILS


def test_the_mentor_account_mentors_the_fellow_account(program):
    mentor = FacultyMember.objects.get(program=program, user__email="mentor@example.org")
    fellow = Fellow.objects.get(program=program, user__email="fellow@example.org")
    assert mentor.email == "mentor@example.org" and fellow.email == "fellow@example.org"
    assert fellow.cohort_year == 2025 and fellow.status == Fellow.Status.ACTIVE
    assert fellow.laboratory.head == mentor
    mentorship = Mentorship.objects.get(fellow=fellow, kind=Mentorship.Kind.PRIMARY)
    assert mentorship.faculty == mentor
    assert mentorship.end is None
    assert fellow.pk in memberships(User.objects.get(email="mentor@example.org")).mentee_ids


def test_every_demo_record_passes_full_clean(program):
    checked = 0
    for model in apps.get_app_config("programs").get_models():
        for record in model.objects.all():
            record.full_clean()
            checked += 1
    for model in (User, apps.get_model("accounts", "ProgramRole")):
        for record in model.objects.all():
            record.full_clean()
    assert checked > 150
