"""Milestones: the program's templates, each fellow's due dates, recording one done, and the
orientation checklist that the first milestone waits on.

A milestone's due date changes only in `milestones_recompute`, which runs whenever a leave
or the appointment dates change (`events.py`: programs sends `fellow_dates_changed` and
`leave_changed`) and when the templates change. A milestone linked to a record (an approved
plan, a signed IDP, a thesis step, a submitted grant) is done by `link_done` or `links.py`,
never by hand.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fellowship.activity.services import activity_record
from fellowship.grants import nih_calendar
from fellowship.programs.clock import Period
from fellowship.programs.models import Fellow, Leave

from . import links, schedule
from .models import Milestone, MilestoneTemplate, OrientationItem, Phase
from .rules import require

Evidence = MilestoneTemplate.Evidence
Link = MilestoneTemplate.Link

# The realistic set the demo installs (and a director can change): name, phase, evidence,
# due rule, months, link, description.
DEFAULT_TEMPLATES = [
    ("Orientation complete", Phase.MENTORSHIP, Evidence.APPROVAL, "months", 1, Link.ORIENTATION,
     "Lab projects and potential mentors met; training and compliance done."),
    ("First-year IDP signed off", Phase.MENTORSHIP, Evidence.APPROVAL, "months", 2, Link.IDP,
     "Individual Development Plan reviewed and signed by the mentor."),
    ("Research plan approved", Phase.MENTORSHIP, Evidence.APPROVAL, "months", 3,
     Link.RESEARCH_PLAN, "Aims, approach and timeline approved by the primary mentor."),
    ("Thesis committee formed", Phase.THESIS, Evidence.APPROVAL, "months", 9,
     Link.THESIS_COMMITTEE, "Committee of three approved by the director."),
    ("Core courses complete", Phase.COURSEWORK, Evidence.DATE, "months", 12, Link.NONE,
     "The MMSc core courses passed."),
    ("Thesis proposal approved", Phase.THESIS, Evidence.APPROVAL, "months", 12,
     Link.THESIS_PROPOSAL, "The committee approves the written proposal."),
    ("Second-year IDP signed off", Phase.MENTORSHIP, Evidence.APPROVAL, "months", 14, Link.IDP,
     "The second year's IDP, signed by the mentor."),
    ("Thesis defended", Phase.THESIS, Evidence.DATE, "months", 22, Link.THESIS_DEFENSE,
     "The public defense of the Master's thesis."),
    ("Mentored grant submitted", Phase.GRANT, Evidence.DOCUMENT, "last_grant_date", None,
     Link.GRANT_SUBMITTED, "K99 (or similar) application submitted to NIH."),
]  # fmt: skip

DEFAULT_ORIENTATION = [
    (OrientationItem.Kind.PROJECTS, "Meet the lab's current projects and their leads"),
    (OrientationItem.Kind.MENTORS, "Meet at least three potential mentors"),
    (OrientationItem.Kind.TRAINING, "Human subjects research training (CITI)"),
    (OrientationItem.Kind.TRAINING, "Responsible conduct of research course enrolled"),
    (OrientationItem.Kind.COMPLIANCE, "HIPAA privacy and information security training"),
    (OrientationItem.Kind.COMPLIANCE, "Data use agreements and IRB protocols read"),
]


def _log(by, target, verb: str, summary: str, program=None):
    activity_record(actor=by, verb=verb, target=target, program=program, summary=summary)


# Templates and due dates -------------------------------------------------------------------


@transaction.atomic
def milestone_templates_install(*, program, by=None) -> list[MilestoneTemplate]:
    """Give the program the default set (existing templates of the same name are kept)."""
    if by is not None:
        require(by, "progress.manage_templates", program)
    installed = []
    for order, (name, phase, evidence, rule, months, link, description) in enumerate(
        DEFAULT_TEMPLATES
    ):
        template = MilestoneTemplate.objects.filter(program=program, name=name).first()
        if template is None:
            template = MilestoneTemplate(
                program=program,
                name=name,
                phase=phase,
                evidence=evidence,
                due_rule=rule,
                due_months=months,
                link=link,
                description=description,
                order=order * 10,
            )
            template.full_clean()
            template.save()
        installed.append(template)
    _log(by, program, "milestone_templates.installed", "Default milestones installed")
    milestones_recompute_program(program=program, by=by)
    return installed


@transaction.atomic
def milestone_template_save(*, template: MilestoneTemplate, by) -> MilestoneTemplate:
    require(by, "progress.manage_templates", template.program)
    creating = template.pk is None
    template.full_clean()
    template.save()
    verb = "created" if creating else "updated"
    _log(by, template, f"milestone_template.{verb}", f"Milestone {verb}: {template}")
    milestones_recompute_program(program=template.program, by=by)
    if template.link in links.RECORD_LINKS:  # newly linked: the records decide at once
        for fellow_id in Fellow.objects.filter(program=template.program).values_list(
            "pk", flat=True
        ):
            links.milestones_sync(fellow_id=fellow_id, by=by)
    return template


def k99_due_dates(start: date, end: date) -> list[date]:
    try:
        mechanism = nih_calendar.find_mechanism("K99")
        return nih_calendar.due_dates(mechanism, "new", start, end)
    except nih_calendar.CalendarError:
        return []


def due_date_for(template: MilestoneTemplate, fellow: Fellow, leaves: list[Period]) -> date:
    start, end = fellow.appointment_start, fellow.appointment_end
    if template.due_rule == MilestoneTemplate.DueRule.LAST_GRANT_DATE:
        # The appointment end already reflects any extension for leave.
        return schedule.last_due_date_before(end, k99_due_dates(start, end)) or end
    return schedule.due_after_months(start, template.due_months or 0, leaves)


def milestones_recompute(*, fellow: Fellow, by=None, templates=None) -> int:
    """Create the fellow's missing milestones and move due dates to what the templates,
    the start date and approved leave say now. How many were created or moved."""
    with transaction.atomic():
        if templates is None:
            templates = list(MilestoneTemplate.objects.filter(program_id=fellow.program_id))
        if not templates:
            return 0
        leaves = [Period(x.start, x.end) for x in Leave.objects.filter(fellow_id=fellow.pk)]
        existing = {m.template_id: m for m in Milestone.objects.filter(fellow_id=fellow.pk)}
        created, moved = [], []
        for template in templates:
            due = due_date_for(template, fellow, leaves)
            milestone = existing.get(template.pk)
            if milestone is None:
                created.append(Milestone(fellow=fellow, template=template, due_date=due))
            elif milestone.due_date != due:
                moved.append(f"{template.name} {milestone.due_date:%b %-d} → {due:%b %-d, %Y}")
                milestone.due_date = due
                milestone.save(update_fields=["due_date"])
        Milestone.objects.bulk_create(created)
        orientation_items_ensure(fellow=fellow)
        if created:  # a milestone for a thesis or an application already past it is done
            links.milestones_sync(fellow_id=fellow.pk, by=by)
        if moved:
            _log(
                by,
                fellow,
                "milestone.due_dates_moved",
                f"Due dates of {fellow} recomputed: " + "; ".join(moved),
                program=None,
            )
    return len(created) + len(moved)


def milestones_recompute_program(*, program, by=None) -> int:
    templates = list(MilestoneTemplate.objects.filter(program=program))
    return sum(
        milestones_recompute(fellow=fellow, by=by, templates=templates)
        for fellow in Fellow.objects.filter(program=program)
    )


@transaction.atomic
def milestone_record(*, milestone: Milestone, done: bool, by, on: date | None = None, note=""):
    """Record a milestone done on a day (not in the future), or reopen it."""
    fellow = milestone.fellow
    template = milestone.template
    if not by.has_perm("progress.record_milestone", fellow):
        if template.evidence == Evidence.APPROVAL or not by.has_perm(
            "progress.record_own_milestone", fellow
        ):
            raise PermissionDenied(
                "Only the fellow's mentors or the program staff may record this milestone."
            )
    if template.link:
        raise ValidationError(
            f"“{template.name}” is recorded by itself: {template.get_link_display().lower()}."
        )
    today = timezone.localdate()
    if done:
        on = on or today
        if on > today:
            raise ValidationError({"done_on": "A milestone cannot be done on a future day."})
        if on < fellow.appointment_start:
            raise ValidationError({"done_on": "The day is before the appointment started."})
        milestone.done_on, milestone.done_by, milestone.note = on, by, (note or "").strip()
    else:
        milestone.done_on, milestone.done_by, milestone.note = None, None, ""
    milestone.full_clean()
    milestone.save()
    said = f"done on {on:%b %-d, %Y}" if done else "reopened"
    _log(by, fellow, f"milestone.{'done' if done else 'reopened'}", f"{template.name}: {said}")
    return milestone


def link_done(fellow: Fellow, link: str, on: date, by, nth: int = 1) -> None:
    """Mark the fellow's n-th milestone with this link done (inside the caller's transaction)."""
    linked = list(
        Milestone.objects.filter(fellow=fellow, template__link=link)
        .select_related("template")
        .order_by("due_date", "id")
    )
    if len(linked) >= nth and linked[nth - 1].done_on is None:
        milestone = linked[nth - 1]
        milestone.done_on, milestone.done_by = on, by
        milestone.save(update_fields=["done_on", "done_by"])
        _log(by, fellow, "milestone.done", f"{milestone.template.name}: done on {on:%b %-d, %Y}")


# Orientation ----------------------------------------------------------------------------


def orientation_items_ensure(*, fellow: Fellow) -> None:
    if OrientationItem.objects.filter(fellow_id=fellow.pk).exists():
        return
    OrientationItem.objects.bulk_create(
        OrientationItem(fellow=fellow, kind=kind, title=title, order=i)
        for i, (kind, title) in enumerate(DEFAULT_ORIENTATION)
    )


ORIENTATION_ACTIONS = {
    "tick": "progress.tick_orientation",
    "untick": "progress.tick_orientation",
    "confirm": "progress.confirm_orientation",
    "unconfirm": "progress.confirm_orientation",
}


@transaction.atomic
def orientation_mark(*, item: OrientationItem, action: str, by) -> OrientationItem:
    """The fellow ticks (or unticks) an item; a mentor confirms (or withdraws) it."""
    if action not in ORIENTATION_ACTIONS:
        raise ValidationError(f"{action!r} is not something one can do to an item.")
    fellow = item.fellow
    require(by, ORIENTATION_ACTIONS[action], fellow)
    now = timezone.now()
    if action == "tick":
        item.ticked_at = item.ticked_at or now
    elif action == "untick":
        if item.confirmed_at:
            raise ValidationError("A mentor has confirmed this item; ask them to withdraw it.")
        item.ticked_at = None
    elif action == "confirm":
        if not item.ticked_at:
            raise ValidationError("The fellow has not ticked this item yet.")
        item.confirmed_at, item.confirmed_by = item.confirmed_at or now, by
    else:
        item.confirmed_at, item.confirmed_by = None, None
    item.full_clean()
    item.save()
    _log(by, fellow, f"orientation.{action}", f"Orientation of {fellow}: {item.title} ({action})")
    if action == "confirm":
        items = list(OrientationItem.objects.filter(fellow=fellow))
        if items and all(i.confirmed_at for i in items):
            last = max(timezone.localdate(i.confirmed_at) for i in items)
            link_done(fellow, Link.ORIENTATION, last, by)
    return item
