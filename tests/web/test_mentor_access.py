"""What a mentorship gives, by when it runs (issue 15, item 2).

A mentorship in force gives the fellow's records; the mentorship a placement records for an
incoming fellow gives only the research plan until it begins; one that starts later in
training or has ended gives nothing. A staff member who also mentors gets a mentor's access
to their mentee and no more.
"""

import datetime as dt

import pytest
from django.urls import reverse

from fellowship.accounts.roles import forget_memberships
from fellowship.programs.models import Fellow, Mentorship
from tests import factories as f
from tests.curriculum.helpers import curriculum_for

pytestmark = pytest.mark.django_db
OK, DENIED = 200, 403

# A fellow's pages, by what they show.
PAGES = {
    "record": lambda w, fellow: reverse(
        "programs:fellow_detail", kwargs={"program": w.program.slug, "pk": fellow.pk}
    ),
    "timeline": lambda w, fellow: reverse(
        "progress:timeline", kwargs={"program": w.program.slug, "pk": fellow.pk}
    ),
    "plan": lambda w, fellow: reverse(
        "progress:plan", kwargs={"program": w.program.slug, "pk": fellow.pk}
    ),
    "idp": lambda w, fellow: reverse(
        "progress:idp", kwargs={"program": w.program.slug, "pk": fellow.pk}
    ),
    "audit": lambda w, fellow: (
        curriculum_for(w)
        and reverse("curriculum:degree_audit", kwargs={"program": w.program.slug, "pk": fellow.pk})
    ),
    "thesis": lambda w, fellow: reverse(
        "thesis:detail", kwargs={"program": w.program.slug, "fellow": fellow.pk}
    ),
}
NOTHING = {page: DENIED for page in PAGES}
EVERYTHING = {page: OK for page in PAGES}


def future_secondary(w):
    """The unrelated faculty member becomes the fellow's secondary mentor next September."""
    f.MentorshipFactory(
        fellow=w.fellow_record,
        faculty=w.unrelated_faculty_record,
        kind=Mentorship.Kind.SECONDARY,
        start=dt.date(2027, 9, 1),
    )
    return w.unrelated_faculty, w.fellow_record


def placed_for_incoming(w):
    """The placement names the unrelated faculty member as an incoming fellow's mentor,
    from the start of the appointment next July."""
    incoming = f.FellowFactory(
        program=w.program,
        email="ines@test.org",
        cohort_year=2027,
        appointment_start=dt.date(2027, 7, 1),
        appointment_end=dt.date(2029, 6, 30),
        status=Fellow.Status.INCOMING,
    )
    f.MentorshipFactory(fellow=incoming, faculty=w.unrelated_faculty_record)
    return w.unrelated_faculty, incoming


def ended(w):
    """The mentor's mentorship ended yesterday."""
    w.mentorship.end = dt.date(2026, 11, 24)
    w.mentorship.save()
    return w.mentor, w.fellow_record


def in_force(w):
    return w.mentor, w.fellow_record


def coordinator_mentoring(w):
    """The coordinator is also faculty (linked with the director's confirmation) and mentors
    the other fellow now."""
    faculty = f.FacultyFactory(
        program=w.program, institution=w.institution, user=w.coordinator, email="c@test.org"
    )
    f.MentorshipFactory(
        fellow=w.other_fellow_record,
        faculty=faculty,
        kind=Mentorship.Kind.SECONDARY,
        start=dt.date(2026, 1, 1),
    )
    return w.coordinator, w.other_fellow_record


def coordinator_mentoring_later(w):
    """The coordinator will co-mentor the other fellow from next September."""
    faculty = f.FacultyFactory(
        program=w.program, institution=w.institution, user=w.coordinator, email="c@test.org"
    )
    f.MentorshipFactory(
        fellow=w.other_fellow_record,
        faculty=faculty,
        kind=Mentorship.Kind.SECONDARY,
        start=dt.date(2027, 9, 1),
    )
    return w.coordinator, w.other_fellow_record


# The staff see the record, timeline, plan, audit and thesis anyway; the IDP is private to
# the fellow, their mentors and the director, so it shows what the mentorship adds.
STAFF_PAGES = {**EVERYTHING, "idp": DENIED}
CASES = {
    "in force": (in_force, EVERYTHING),
    "future secondary": (future_secondary, NOTHING),
    "placed for an incoming fellow": (placed_for_incoming, {**NOTHING, "plan": OK}),
    "ended": (ended, NOTHING),
    "coordinator who mentors": (coordinator_mentoring, EVERYTHING),
    "coordinator who will mentor": (coordinator_mentoring_later, STAFF_PAGES),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("case", sorted(CASES))
def test_what_a_mentorship_gives(client, world, case, page):
    build, expected = CASES[case]
    user, fellow = build(world)
    forget_memberships(user)
    client.force_login(user)
    response = client.get(PAGES[page](world, fellow))
    assert response.status_code == expected[page], (case, page, response.status_code)


def test_the_placed_mentor_may_review_but_not_sign_off_or_record(world):
    user, incoming = placed_for_incoming(world)
    forget_memberships(user)
    assert user.has_perm("progress.review_plan", incoming)
    for permission in (
        "progress.sign_idp",
        "progress.record_milestone",
        "progress.confirm_orientation",
        "thesis.start_thesis",
        "curriculum.view_audit",
    ):
        assert not user.has_perm(permission, incoming), permission


def test_only_a_mentorship_in_force_puts_the_fellows_milestones_in_the_calendar(world):
    from fellowship.progress.feeds import feed_events
    from tests.progress.helpers import templates_for

    user, incoming = placed_for_incoming(world)
    templates_for(world)
    assert incoming.milestones.exists()  # the incoming fellow has milestones due
    named = [e for e in feed_events(user) if incoming.full_name in str(e)]
    assert named == []
    mentor_sees = [e for e in feed_events(world.mentor) if "Fay Fellow" in str(e)]
    assert mentor_sees  # the mentor in force does see their mentee's milestones
