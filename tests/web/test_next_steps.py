"""The dashboard's "Waiting for you" panel: what each role must do next, for whom, by when."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellowship.placement import services as placement_services
from fellowship.placement.models import RoundLab
from fellowship.progress.models import (
    DevelopmentPlan,
    Milestone,
    MilestoneTemplate,
    Phase,
    ResearchPlan,
)
from fellowship.thesis.models import CommitteeMember, Thesis
from fellowship.web.next_steps import next_steps
from tests import factories as f
from tests.placement.helpers import DEADLINE, round_for
from tests.thesis.helpers import confirm_all, thesis_at

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)  # the suite's fixed day (tests/conftest.py)
NUMBERS = itertools.count(1)


def dashboard(client, world, user):
    client.force_login(user)
    return client.get(reverse("programs:dashboard", kwargs={"program": world.program.slug}))


def milestone(fellow, name, due, done_on=None, order=0):
    template = MilestoneTemplate.objects.create(
        program=fellow.program, name=name, phase=Phase.MENTORSHIP, due_months=6, order=order
    )
    return Milestone.objects.create(fellow=fellow, template=template, due_date=due, done_on=done_on)


def lines(panel):
    return [(i.what, i.for_whom, i.due, i.overdue) for i in panel.items]


# The fellow --------------------------------------------------------------------------------


def test_fellow_sees_overdue_and_soon_milestones_not_later_or_done_ones(world):
    fellow = world.fellow_record
    milestone(fellow, "Core courses complete", dt.date(2026, 6, 30))
    milestone(fellow, "Second-year IDP signed off", dt.date(2026, 8, 31))
    milestone(fellow, "Orientation confirmed", dt.date(2026, 12, 1))
    milestone(fellow, "Thesis defended", dt.date(2027, 5, 1))  # months away
    milestone(fellow, "Research plan approved", dt.date(2026, 1, 1), done_on=dt.date(2026, 1, 2))
    assert lines(next_steps(world.fellow, world.program, TODAY)) == [
        ("Core courses complete", "", dt.date(2026, 6, 30), True),
        ("Second-year IDP signed off", "", dt.date(2026, 8, 31), True),
        ("Orientation confirmed", "", dt.date(2026, 12, 1), False),
    ]


def test_fellow_page_shows_overdue_in_red_with_a_link_to_the_timeline(client, world):
    milestone(world.fellow_record, "Core courses complete", dt.date(2026, 6, 30))
    text = dashboard(client, world, world.fellow).content.decode()
    timeline = reverse(
        "progress:timeline", kwargs={"program": world.program.slug, "pk": world.fellow_record.pk}
    )
    assert "Waiting for you" in text
    assert '<li class="overdue"><a href="' + timeline + '">Core courses complete</a>' in text
    assert "overdue, was due" in text and "Jun 30, 2026" in text


def test_fellow_is_asked_to_rank_labs_in_an_open_round_by_its_deadline(world):
    round = round_for(world, chosen=False)
    panel = next_steps(world.fellow, world.program, TODAY)
    [item] = panel.items
    assert item.what == "Rank the laboratories you would like to join"
    assert (item.for_whom, item.due, item.overdue) == (round.name, DEADLINE, False)
    assert item.url == reverse(
        "placement:choices",
        kwargs={"program": world.program.slug, "pk": round.pk, "fellow": world.fellow_record.pk},
    )
    # Once she ranked, the round stays on the panel (open to changes until the deadline).
    placement_services.preferences_save(
        round=round, fellow=world.fellow_record, lab_ids=[world.lab.pk], by=world.fellow
    )
    [item] = next_steps(world.fellow, world.program, TODAY).items
    assert item.what.startswith("Check your laboratory ranking (1 laboratory ranked")


def test_fellow_asked_to_revise_a_plan_sent_back(world):
    ResearchPlan.objects.create(
        fellow=world.fellow_record, state=ResearchPlan.State.CHANGES_REQUESTED
    )
    [item] = next_steps(world.fellow, world.program, TODAY).items
    assert item.what.startswith("Revise your research plan")


# The mentor --------------------------------------------------------------------------------


def test_mentor_sees_an_idp_and_a_plan_waiting_for_her_and_the_ranking_due(world):
    round = round_for(world)
    DevelopmentPlan.objects.create(
        fellow=world.fellow_record, year=2, state=DevelopmentPlan.State.SUBMITTED
    )
    ResearchPlan.objects.create(fellow=world.fellow_record, state=ResearchPlan.State.SUBMITTED)
    panel = next_steps(world.mentor, world.program, TODAY)
    assert lines(panel) == [
        (
            "Rank the 2 applicants to the Clinical Data Lab",
            round.name,
            DEADLINE,
            False,
        ),
        ("Review the research plan", "Fay Fellow", None, False),
        ("Sign off the Year 2 IDP", "Fay Fellow", None, False),
    ]
    # Faculty who mentor nobody and head no lab in the round have nothing waiting.
    assert next_steps(world.unrelated_faculty, world.program, TODAY).items == []


def test_ranking_leaves_the_panel_once_submitted(world):
    round = round_for(world)
    placement_services.lab_ranking_save(
        round=round,
        lab=world.lab,
        fellow_ids=[world.fellow_record.pk, world.other_fellow_record.pk],
        by=world.mentor,
    )
    assert next_steps(world.mentor, world.program, TODAY).items == []


def test_a_draft_or_a_secondary_mentors_plan_is_not_hers_to_review(world):
    ResearchPlan.objects.create(fellow=world.fellow_record, state=ResearchPlan.State.DRAFT)
    world.mentorship.kind = "secondary"
    world.mentorship.save()
    assert next_steps(world.mentor, world.program, TODAY).items == []


# The committee chair -----------------------------------------------------------------------


def test_chair_without_mentees_sees_the_proposal_waiting_and_the_committees(
    client, world, private_media
):
    thesis_at(world, Thesis.State.PROPOSAL_SUBMITTED)
    panel = next_steps(world.unrelated_faculty, world.program, TODAY)
    assert lines(panel) == [("Approve the proposal", "Fay Fellow", None, False)]
    [committee] = panel.committees
    assert committee.seat.role == CommitteeMember.Role.CHAIR and committee.mine
    text = dashboard(client, world, world.unrelated_faculty).content.decode()
    assert "My thesis committees" in text and "You have no current mentees" not in text
    assert "Approve the proposal" in text and "Proposal submitted" in text


def test_committee_confirms_the_defense_date_then_the_chair_holds_it(client, world, private_media):
    thesis = thesis_at(world, Thesis.State.DEFENSE_SCHEDULED)
    day = thesis.defenses.get().starts_at.date()
    confirm = ("Confirm the defense date", "Fay Fellow", day, False)
    assert lines(next_steps(world.unrelated_faculty, world.program, TODAY)) == [confirm]
    assert lines(next_steps(world.mentor, world.program, TODAY)) == [confirm]
    confirm_all(world, thesis)
    chair = ("Chair the defense, then record its outcome", "Fay Fellow", day, False)
    assert lines(next_steps(world.unrelated_faculty, world.program, TODAY)) == [chair]
    assert lines(next_steps(world.mentor, world.program, TODAY)) == []  # she does not chair
    text = dashboard(client, world, world.unrelated_faculty).content.decode()
    assert f'· on <time datetime="{day:%Y-%m-%d}">' in text


def test_a_blocked_chair_step_shows_in_the_committees_not_as_waiting(world, private_media):
    thesis_at(world, Thesis.State.IN_PROGRESS)  # no thesis document yet: the fellow's turn
    panel = next_steps(world.unrelated_faculty, world.program, TODAY)
    assert panel.items == []
    [committee] = panel.committees
    assert not committee.mine and committee.next_step.startswith("Schedule the defense: waiting")


def test_mentor_with_no_mentees_and_no_committee_reads_so(client, world):
    text = dashboard(client, world, world.unrelated_faculty).content.decode()
    assert "You have no current mentees" in text
    assert "Nothing is waiting for you today" in text


# The director ------------------------------------------------------------------------------


def test_director_sees_committees_to_approve_and_rounds_to_close(world, private_media):
    thesis_at(world, Thesis.State.COMMITTEE_PROPOSED)
    round = round_for(world)
    items = lines(next_steps(world.director, world.program, DEADLINE + dt.timedelta(days=1)))
    assert ("Approve the thesis committee", "Fay Fellow", None, False) in items
    assert (
        "Close the placement round (its ranking deadline has passed)",
        round.name,
        DEADLINE,
        True,
    ) in items
    # Not before the deadline; and the coordinator approves nothing.
    assert all(
        not w.startswith("Close")
        for w, *_ in lines(next_steps(world.director, world.program, TODAY))
    )
    assert next_steps(world.coordinator, world.program, TODAY).items == []


def test_staff_see_k99_windows_closing_without_an_application(world):
    from fellowship.grants.models import GrantApplication

    # Two years of postdoc before the appointment: the window closes in 2027.
    world.fellow_record.prior_research_months = 24
    world.fellow_record.save()
    for user in (world.director, world.coordinator):
        [item] = next_steps(user, world.program, TODAY).items
        assert item.what.startswith("No K99 application planned") and item.for_whom == "Fay Fellow"
        assert TODAY < item.due <= TODAY + dt.timedelta(days=365)
    # An application aimed at a date to come takes it off the panel; fellows see nothing.
    GrantApplication.objects.create(
        fellow=world.fellow_record, title="Safe notes", target_due_date=dt.date(2027, 2, 12)
    )
    assert next_steps(world.director, world.program, TODAY).items == []
    assert next_steps(world.other_fellow, world.program, TODAY).items == []


def test_nothing_leaks_from_another_program(world):
    other_fellow = f.FellowFactory(program=world.other_program)
    f.MentorshipFactory(fellow=other_fellow, faculty=world.mentor_faculty)
    DevelopmentPlan.objects.create(
        fellow=other_fellow, year=1, state=DevelopmentPlan.State.SUBMITTED
    )
    assert next_steps(world.mentor, world.program, TODAY).items == []


# Query count -------------------------------------------------------------------------------


def add_items(world, n, round):
    """n more of everything: mentees with IDPs and plans waiting, theses the chair sits on
    (proposal waiting for him), committees for the director, labs to rank, the fellow's
    overdue milestones."""
    for i in range(n):
        fellow = f.FellowFactory(program=world.program, cohort_year=2025)
        f.MentorshipFactory(fellow=fellow, faculty=world.mentor_faculty)
        DevelopmentPlan.objects.create(fellow=fellow, year=1, state=DevelopmentPlan.State.SUBMITTED)
        ResearchPlan.objects.create(fellow=fellow, state=ResearchPlan.State.SUBMITTED)
        state = Thesis.State.PROPOSAL_SUBMITTED if i % 2 else Thesis.State.COMMITTEE_PROPOSED
        thesis = Thesis.objects.create(fellow=fellow, title=f"Thesis {i}", state=state)
        CommitteeMember.objects.create(
            thesis=thesis, role=CommitteeMember.Role.CHAIR, faculty=world.unrelated_faculty_record
        )
        CommitteeMember.objects.create(
            thesis=thesis, role=CommitteeMember.Role.PRIMARY_MENTOR, faculty=world.mentor_faculty
        )
        lab = f.LaboratoryFactory(institution=world.institution, head=world.mentor_faculty)
        RoundLab.objects.create(round=round, laboratory=lab, places=1)
        milestone(
            world.fellow_record,
            f"Milestone {next(NUMBERS)}",
            dt.date(2026, 1, 1) + dt.timedelta(days=i),
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["mentor", "unrelated_faculty", "fellow", "director"])
def test_query_count_does_not_grow_with_items(client, world, role, private_media):
    round = round_for(world)
    add_items(world, 1, round)
    user = getattr(world, role)
    client.force_login(user)
    url = reverse("programs:dashboard", kwargs={"program": world.program.slug})
    with_few = count_queries(client, url)
    few_items = len(next_steps(user, world.program).items)
    add_items(world, 10, round)
    client.force_login(user)  # a fresh request: the roles are read again
    with_many = count_queries(client, url)
    assert len(next_steps(user, world.program).items) > few_items or role == "director"
    assert with_many == with_few, f"{role}: {with_few} queries, then {with_many}"
