"""What waits for whom in progress: a fellow's milestones due soon and a plan sent back; a
mentor's research plans to review and IDPs to sign off.

Who reviews is decided here once, for the dashboard's panel and the reminder digests:
a research plan is reviewed by the fellow's current primary mentor (progress.review_plan),
an IDP signed off by any mentor in force; "current" is Mentorship.objects.current, so the
mentor a placement names reviews an incoming fellow's plan (and nothing else before the
mentorship begins: Mentorship.objects.in_force). Alumni have nothing waiting.
Each source costs a fixed number of queries, whatever the number of fellows.
"""

from datetime import date, timedelta

from fellowship.accounts.roles import Role, memberships
from fellowship.core.waiting import WaitingItem, program_url
from fellowship.programs.models import Fellow, Mentorship

from .models import DevelopmentPlan, Milestone, ResearchPlan

SOON_DAYS = Milestone.DUE_SOON_DAYS


def waiting_for(user, program, today: date) -> list[WaitingItem]:
    """The items of `user` in `program` (4 queries at most)."""
    found = memberships(user)
    roles = found.roles.get(program.pk, set())
    items = []
    fellow_id = found.fellow_ids.get(program.pk)
    if Role.FELLOW in roles and fellow_id:
        items += _fellow_items(program, fellow_id, today)
    if Role.FACULTY in roles and (found.mentee_ids or found.placed_mentee_ids):
        for reviews in (plans_to_review, idps_to_sign_off):
            items += [item for _, item in reviews(today, program=program, reviewer=user)]
    return items


def plans_to_review(on: date, *, program=None, reviewer=None) -> list[tuple[object, WaitingItem]]:
    """(reviewer, item) for every submitted research plan of a current fellow: 2 queries."""

    def item(plan):
        name = plan.fellow.full_name
        return WaitingItem(
            "Review the research plan",
            name,
            program_url("progress:plan", plan.fellow.program, pk=plan.fellow_id),
            None,
            on,
            key=f"plan:{plan.pk}",
            sentence=f"{name}'s research plan is waiting for your review",
        )

    return _reviews(ResearchPlan, on, program, reviewer, item, primary_only=True)


def idps_to_sign_off(on: date, *, program=None, reviewer=None) -> list[tuple[object, WaitingItem]]:
    """(mentor, item) for every submitted IDP of a current fellow: 2 queries."""

    def item(idp):
        name = idp.fellow.full_name
        return WaitingItem(
            f"Sign off the Year {idp.year} IDP",
            name,
            program_url("progress:idp", idp.fellow.program, pk=idp.fellow_id),
            None,
            on,
            key=f"idp:{idp.pk}",
            sentence=f"{name}'s IDP (year {idp.year}) is waiting for your sign-off",
        )

    return _reviews(DevelopmentPlan, on, program, reviewer, item, primary_only=False)


def _reviews(model, on, program, reviewer, item, *, primary_only: bool):
    """(reviewer, item) for each submitted record of `model` of a current fellow and each of
    the fellow's current (primary) mentors, or only `reviewer`."""
    records = model.objects.filter(
        state=model.State.SUBMITTED, fellow__status__in=Fellow.CURRENT
    ).select_related("fellow__program")
    if program is not None:
        records = records.filter(fellow__program=program)
    records = list(records)
    mentors = _mentors_of([r.fellow_id for r in records], on, primary=primary_only, user=reviewer)
    return [(m, item(r)) for r in records for m in mentors.get(r.fellow_id, [])]


def _mentors_of(fellow_ids, on, *, primary: bool, user=None) -> dict[int, list]:
    """fellow id -> the users of their current primary mentors (the plan's reviewers), or of
    their mentors in force (the IDP's): 1 query, none if empty."""
    if not fellow_ids:
        return {}
    if primary:
        mentorships = Mentorship.objects.current(on=on).primary()
    else:
        mentorships = Mentorship.objects.in_force(on=on)
    mentorships = mentorships.filter(fellow_id__in=fellow_ids, faculty__user__isnull=False)
    if user is not None:
        mentorships = mentorships.filter(faculty__user=user)
    found: dict[int, list] = {}
    for m in mentorships.select_related("faculty__user"):
        if m.faculty.user not in found.setdefault(m.fellow_id, []):
            found[m.fellow_id].append(m.faculty.user)
    return found


def _fellow_items(program, fellow_id, today) -> list[WaitingItem]:
    """The fellow's own: milestones due soon or overdue, a plan sent back (2 queries)."""
    milestones = Milestone.objects.filter(
        fellow_id=fellow_id,
        fellow__status__in=Fellow.CURRENT,  # an alumnus has nothing due
        done_on__isnull=True,
        due_date__lte=today + timedelta(days=SOON_DAYS),
    ).select_related("template")
    timeline = program_url("progress:timeline", program, pk=fellow_id)
    items = [WaitingItem(m.template.name, "", timeline, m.due_date, today) for m in milestones]
    if ResearchPlan.objects.filter(
        fellow_id=fellow_id, state=ResearchPlan.State.CHANGES_REQUESTED
    ).exists():
        items.append(
            WaitingItem(
                "Revise your research plan (your mentor asked for changes)",
                "",
                program_url("progress:plan", program, pk=fellow_id),
                None,
                today,
            )
        )
    return items
