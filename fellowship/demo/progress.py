"""Load the demo progress: milestones for every fellow, orientation, research plans, IDPs.

`load_demo_progress(program)` runs after the other demo loaders and is idempotent: the
default milestones are installed once, due dates are recomputed from each fellow's start
and leave, and every record is found by its natural key and put back in the same state.
Dates are relative to the day the demo is loaded (the fellows' appointments already move
with the academic year, `demo.programs.DemoCalendar`), so states stay realistic:

- alumni did everything, a few things a little late;
- current fellows did what fell due, except a few who are behind (an overdue thesis
  committee, an overdue second-year IDP ...), so the cohort view has someone to sort;
- the thesis and grant milestones follow the theses and grant applications on record
  (`links.py`); a fellow without one keeps the spread;
- the demo fellow (fellow@example.org, Jordan Baptiste) wrote a research plan that his
  primary mentor (mentor@example.org) sent back with comments and approved in version 2;
  his first-year IDP is signed off and the second-year one waits for the mentor.

Like the other loaders it saves directly; the one history a page shows, the demo plan's,
is written into the activity log as the services word it, dated the days it happened.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from fellowship.activity.models import ActivityEntry
from fellowship.activity.services import activity_record
from fellowship.programs.models import Fellow
from fellowship.progress import links, milestones
from fellowship.progress.models import (
    DevelopmentGoal,
    DevelopmentPlan,
    Milestone,
    MilestoneTemplate,
    OrientationItem,
    ResearchPlan,
    ResearchPlanVersion,
)

DEMO_FELLOW = "fellow@example.org"
# Fellows who are behind: email -> names of past-due milestones left open.
BEHIND = {
    "fellow@example.org": ["Second-year IDP signed off", "Core courses complete"],
}
BEHIND_EVERY = 3  # besides, every third current fellow has their latest past-due item open

PLAN_V1 = {
    "aims": (
        "Aim 1. Build a corpus of radiology reports with incidental findings that need "
        "follow-up, annotated by two physicians.\n\n"
        "Aim 2. Train a model that finds such findings and the recommended follow-up."
    ),
    "approach": (
        "We will sample 5,000 chest CT reports from two hospitals. "
        "A language model will be fine-tuned on the annotated corpus. "
        "We will measure precision and recall against the annotators."
    ),
    "timeline": (
        "Months 4-8: annotation. Months 9-14: modelling. Months 15-20: evaluation and thesis."
    ),
}
PLAN_V2 = {
    "aims": (
        "Aim 1. Build a corpus of radiology reports with incidental findings that need "
        "follow-up, annotated by two physicians with an agreement study.\n\n"
        "Aim 2. Train a model that finds such findings and the recommended follow-up.\n\n"
        "Aim 3. Measure how many findings in the record had no follow-up, and why."
    ),
    "approach": (
        "We will sample 5,000 chest and abdominal CT reports from two hospitals. "
        "A language model will be fine-tuned on the annotated corpus. "
        "We will measure precision and recall against the annotators. "
        "For Aim 3 we will link findings to later orders and notes, and review 200 charts by hand."
    ),
    "timeline": (
        "Months 4-8: annotation and agreement. Months 9-14: modelling. "
        "Months 15-18: follow-up study. Months 19-22: evaluation, thesis and defense."
    ),
}
PLAN_COMMENTS = (
    "A good start. Two things: add an agreement study to Aim 1 (kappa on a double-annotated "
    "sample), and add an aim that measures missed follow-up in the record: that is the "
    "clinical question reviewers will ask about. Include abdominal CT as well."
)
IDP = {
    1: {
        "self_assessment": (
            "Strong: clinical knowledge, reading the literature, teaching. To grow: "
            "programming (Python, SQL), statistics for evaluation studies, scientific writing."
        ),
        "career_goals": "A physician-scientist position with protected research time.",
        "goals": [(100, "Finish the Python and SQL courses (BMI 701, 702)"),
                  (200, "Present the annotation study at AMIA"),
                  (330, "Submit a first-author paper")],
        "state": DevelopmentPlan.State.SIGNED_OFF,
        "comments": "Ambitious and realistic. Add a writing group for the paper.",
    },
    2: {
        "self_assessment": (
            "Programming and evaluation are now solid. To grow: grant writing, leading a "
            "small team of annotators, speaking to clinical audiences."
        ),
        "career_goals": "A K99/R00 in clinical NLP, then an assistant professorship.",
        "goals": [(60, "Specific aims of the K99 reviewed by two senior faculty"),
                  (120, "Submit the K99"),
                  (300, "Defend the thesis")],
        "state": DevelopmentPlan.State.SUBMITTED,
        "comments": "",
    },
}  # fmt: skip


def _at(day: date, hour: int = 10, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@transaction.atomic
def load_demo_progress(program, *, stdout=None, today: date | None = None) -> int:
    today = today or timezone.localdate()
    if not MilestoneTemplate.objects.filter(program=program).exists():
        milestones.milestone_templates_install(program=program)
    else:
        _relink(program)
        milestones.milestones_recompute_program(program=program)
    fellows = list(
        Fellow.objects.filter(program=program)
        .select_related("user")
        .prefetch_related("mentorships__faculty__user")
        .order_by("cohort_year", "last_name", "first_name")
    )
    current_index = 0
    for fellow in fellows:
        behind = set(BEHIND.get(fellow.email, []))
        if fellow.status in Fellow.CURRENT and fellow.email not in BEHIND:
            current_index += 1
            if current_index % BEHIND_EVERY == 0:
                past = [m for m in _milestones(fellow) if m.due_date < today]
                if past:
                    behind.add(past[-1].template.name)
        _milestones_load(fellow, today, behind)
    demo = next((f for f in fellows if f.email == DEMO_FELLOW), None)
    if demo is not None:
        _demo_plan(demo, today)
        _demo_idps(demo, today)
    if stdout is not None:
        count = Milestone.objects.filter(fellow__program=program).count()
        stdout.write(f"  {count} milestones for {len(fellows)} fellows; a research plan, IDPs\n")
    return len(fellows)


def _relink(program) -> None:
    """A demo loaded before the thesis and grant links existed gets them."""
    for name, *_, link, _description in milestones.DEFAULT_TEMPLATES:
        MilestoneTemplate.objects.filter(program=program, name=name, link="").exclude(
            link=link
        ).update(link=link)


def _milestones(fellow):
    return list(Milestone.objects.filter(fellow=fellow).select_related("template"))


def _mentor_user(fellow, kind="primary"):
    for m in fellow.mentorships.all():
        if m.kind == kind and m.faculty.user_id:
            return m.faculty.user
    return None


def _milestones_load(fellow, today, behind) -> None:
    mentor = _mentor_user(fellow)
    left = today
    if fellow.status == Fellow.Status.WITHDRAWN:
        ended = [m.end for m in fellow.mentorships.all() if m.end]
        left = min(ended) if ended else fellow.appointment_end
    elif fellow.status == Fellow.Status.COMPLETED:
        left = min(fellow.appointment_end, today)
    for i, m in enumerate(_milestones(fellow)):
        # A deterministic spread: most a little early, now and then a week late.
        offset = (fellow.pk * 7 + i * 5) % 23 - 4
        done_on = m.due_date - timedelta(days=offset)
        done = (
            fellow.status != Fellow.Status.INCOMING
            and m.due_date <= left
            and m.template.name not in behind
            and done_on <= today
        )
        m.done_on = done_on if done else None
        m.done_by = mentor if done else None
        m.note = ""
        m.save(update_fields=["done_on", "done_by", "note"])
        if m.template.link == MilestoneTemplate.Link.ORIENTATION:
            _orientation_load(fellow, m, mentor, today)
    # Where a thesis or a grant application is on record, it decides (the thesis demo,
    # loaded next, decides again for the theses it writes).
    links.milestones_sync(fellow_id=fellow.pk, log=False, redate=True)


def _orientation_load(fellow, milestone, mentor, today) -> None:
    items = list(OrientationItem.objects.filter(fellow=fellow))
    started = fellow.appointment_start <= today and fellow.status != Fellow.Status.INCOMING
    for n, item in enumerate(items):
        if milestone.done_on:
            item.ticked_at = _at(milestone.done_on - timedelta(days=len(items) - n))
            item.confirmed_at, item.confirmed_by = _at(milestone.done_on), mentor
        elif started and n < len(items) // 2:
            item.ticked_at, item.confirmed_at, item.confirmed_by = _at(today), None, None
        else:
            item.ticked_at, item.confirmed_at, item.confirmed_by = None, None, None
        item.save()


def _demo_plan(fellow, today) -> None:
    """Version 1 sent back with comments, version 2 approved (by the plan's milestone)."""
    milestone = Milestone.objects.filter(
        fellow=fellow, template__link=MilestoneTemplate.Link.RESEARCH_PLAN
    ).first()
    approved = milestone.done_on if milestone and milestone.done_on else today
    mentor = _mentor_user(fellow)
    plan = ResearchPlan.objects.filter(fellow=fellow).first() or ResearchPlan(fellow=fellow)
    plan.state = ResearchPlan.State.APPROVED
    plan.approved_on = approved
    plan.full_clean()
    plan.save()
    steps = [
        (1, PLAN_V1, approved - timedelta(days=30), "changes_requested", PLAN_COMMENTS,
         approved - timedelta(days=24)),
        (2, PLAN_V2, approved - timedelta(days=10), "approved",
         "Approved. Start the annotation guideline with the two residents.", approved),
    ]  # fmt: skip
    for number, text, submitted, decision, comments, reviewed in steps:
        version = ResearchPlanVersion.objects.filter(plan=plan, number=number).first() or (
            ResearchPlanVersion(plan=plan, number=number)
        )
        for field, value in text.items():
            setattr(version, field, value)
        version.written_by = fellow.user
        version.submitted_at = _at(submitted)
        version.decision = decision
        version.comments = comments
        version.reviewed_by = mentor
        version.reviewed_at = _at(reviewed)
        version.full_clean()
        version.save()
    ResearchPlanVersion.objects.filter(plan=plan, number__gt=2).delete()
    _plan_history(plan, fellow.user, mentor, approved)


def _plan_history(plan, author, mentor, approved: date) -> None:
    """The plan's History panel: what plan_save and plan_transition log, at the times the
    versions above carry (edits in the afternoons before), replacing an earlier load's."""
    State = ResearchPlan.State
    steps = [
        (_at(approved - timedelta(days=33), 16, 40), author, "edited", "version 1 edited"),
        (_at(approved - timedelta(days=30)), author, State.SUBMITTED,
         f"{State.DRAFT.label} → {State.SUBMITTED.label} (version 1 submitted)"),
        (_at(approved - timedelta(days=24)), mentor, State.CHANGES_REQUESTED,
         f"{State.SUBMITTED.label} → {State.CHANGES_REQUESTED.label} "
         "(version 1 changes requested)"),
        (_at(approved - timedelta(days=13), 15, 5), author, "edited", "version 2 edited"),
        (_at(approved - timedelta(days=11), 17, 30), author, "edited", "version 2 edited"),
        (_at(approved - timedelta(days=10)), author, State.SUBMITTED,
         f"{State.CHANGES_REQUESTED.label} → {State.SUBMITTED.label} (version 2 submitted)"),
        (_at(approved), mentor, State.APPROVED,
         f"{State.SUBMITTED.label} → {State.APPROVED.label} (version 2 approved)"),
    ]  # fmt: skip
    ActivityEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(ResearchPlan), target_id=plan.pk
    ).delete()
    for at, actor, verb, summary in steps:
        entry = activity_record(
            actor=actor, verb=f"research_plan.{verb}", target=plan, summary=f"{plan}: {summary}"
        )
        # `at` is set on creation; the history happened in the past.
        ActivityEntry.objects.filter(pk=entry.pk).update(at=min(at, timezone.now()))


def _demo_idps(fellow, today) -> None:
    mentor = _mentor_user(fellow)
    for year, spec in IDP.items():
        start = fellow.appointment_start.replace(year=fellow.appointment_start.year + year - 1)
        if start > today:
            continue
        idp = DevelopmentPlan.objects.filter(fellow=fellow, year=year).first() or (
            DevelopmentPlan(fellow=fellow, year=year)
        )
        idp.self_assessment = spec["self_assessment"]
        idp.career_goals = spec["career_goals"]
        idp.state = spec["state"]
        idp.mentor_comments = spec["comments"]
        signed = spec["state"] == DevelopmentPlan.State.SIGNED_OFF
        idp.signed_by = mentor if signed else None
        idp.signed_on = start + timedelta(days=45) if signed else None
        idp.full_clean()
        idp.save()
        idp.goals.all().delete()
        DevelopmentGoal.objects.bulk_create(
            DevelopmentGoal(
                plan=idp, goal=goal, target_date=start + timedelta(days=days),
                done=start + timedelta(days=days) < today,
            )
            for days, goal in spec["goals"]
        )  # fmt: skip
        # The IDP milestones follow the IDPs.
        linked = list(
            Milestone.objects.filter(
                fellow=fellow, template__link=MilestoneTemplate.Link.IDP
            ).order_by("due_date")
        )
        if len(linked) >= year:
            linked[year - 1].done_on = idp.signed_on
            linked[year - 1].done_by = idp.signed_by
            linked[year - 1].save(update_fields=["done_on", "done_by"])
