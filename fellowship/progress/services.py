"""Every write about a fellow's progress: permission-checked, validated, one transaction, logged.

A research plan's state changes only in `plan_transition`:

    draft -> submitted -> approved
                |  ^
                v  |
         changes requested   (the fellow revises; the revision is a new version)

An IDP's state changes only in `idp_transition`: draft -> submitted -> signed off, or back
to draft with the mentor's comments. A milestone's due date changes only in
`milestones_recompute`, which runs whenever a leave or the appointment dates change
(`events.py`: programs sends `fellow_dates_changed` and `leave_changed`) and when the
templates change.
"""

import re
import secrets
from dataclasses import dataclass, field
from datetime import date

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from fellowship.accounts.rules import require
from fellowship.activity.services import activity_record
from fellowship.core.site import site_url
from fellowship.core.uploads import check_upload
from fellowship.grants import nih_calendar
from fellowship.programs.clock import Period
from fellowship.programs.models import Fellow, Leave, Mentorship

from . import links, schedule, waiting
from .models import (
    CalendarFeed,
    DevelopmentGoal,
    DevelopmentPlan,
    Milestone,
    MilestoneTemplate,
    OrientationItem,
    Phase,
    ReminderSent,
    ResearchPlan,
    ResearchPlanVersion,
)

Evidence = MilestoneTemplate.Evidence
Link = MilestoneTemplate.Link
PlanState = ResearchPlan.State
IdpState = DevelopmentPlan.State

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

ALLOWED_DOCUMENTS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "application/msword": "Word (DOC)",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/rtf": "RTF",
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
REMINDER_DAYS = 14


def max_upload_bytes() -> int:
    return getattr(settings, "PROGRESS_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)


# What a refused person is told (the view shows it on the 403 page).
REFUSALS = {
    "progress.manage_templates": "Only the program director sets the program's milestones.",
    "progress.tick_orientation": "Only the fellow ticks their own orientation items.",
    "progress.confirm_orientation": "Only one of the fellow's mentors confirms orientation items.",
    "progress.write_plan": "Only the fellow writes and submits their research plan.",
    "progress.review_plan": (
        "Only the fellow's primary mentor may approve the research plan or ask for changes."
    ),
    "progress.write_idp": "Only the fellow writes and submits their IDP.",
    "progress.sign_idp": "Only one of the fellow's mentors signs off or returns the IDP.",
}


def _require(by, permission: str, obj) -> None:
    require(by, permission, obj, REFUSALS.get(permission))


def _state(states, to, what: str):
    """`to` as one of the workflow's states, or a clear refusal."""
    try:
        return states(to)
    except ValueError:
        raise ValidationError({"state": f"{to!r} is not a state of {what}."}) from None


def _refuse_unless_next(record, to, transitions, what: str) -> None:
    """Refuse a step the workflow does not have from the record's present state."""
    if to not in transitions[record.state]:
        raise ValidationError(
            f"{what} that is {record.get_state_display().lower()} cannot become {to.label.lower()}."
        )


def _log(by, target, verb: str, summary: str, program=None):
    activity_record(actor=by, verb=verb, target=target, program=program, summary=summary)


# Milestone templates and due dates --------------------------------------------------------


@transaction.atomic
def milestone_templates_install(*, program, by=None) -> list[MilestoneTemplate]:
    """Give the program the default set (existing templates of the same name are kept)."""
    if by is not None:
        _require(by, "progress.manage_templates", program)
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
    milestones_recompute_program(program=program)
    return installed


@transaction.atomic
def milestone_template_save(*, template: MilestoneTemplate, by) -> MilestoneTemplate:
    _require(by, "progress.manage_templates", template.program)
    creating = template.pk is None
    template.full_clean()
    template.save()
    verb = "created" if creating else "updated"
    _log(by, template, f"milestone_template.{verb}", f"Milestone {verb}: {template}")
    milestones_recompute_program(program=template.program)
    if template.link in links.RECORD_LINKS:  # newly linked: the records decide at once
        for fellow_id in Fellow.objects.filter(program=template.program).values_list(
            "pk", flat=True
        ):
            links.milestones_sync(fellow_id=fellow_id)
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


def _link_done(fellow: Fellow, link: str, on: date, by, nth: int = 1) -> None:
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
    _require(by, ORIENTATION_ACTIONS[action], fellow)
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
            _link_done(fellow, Link.ORIENTATION, last, by)
    return item


# Research plan ---------------------------------------------------------------------------

PLAN_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PlanState.DRAFT: (PlanState.SUBMITTED,),
    PlanState.SUBMITTED: (PlanState.APPROVED, PlanState.CHANGES_REQUESTED),
    PlanState.CHANGES_REQUESTED: (PlanState.SUBMITTED,),
    PlanState.APPROVED: (),
}
PLAN_ACTIONS = {
    PlanState.SUBMITTED: "Submit to my mentor",
    PlanState.APPROVED: "Approve the plan",
    PlanState.CHANGES_REQUESTED: "Ask for changes",
}
PLAN_SECTIONS = (("aims", "specific aims"), ("approach", "approach"), ("timeline", "timeline"))


def plan_permission_for(to: str) -> str:
    return "progress.write_plan" if to == PlanState.SUBMITTED else "progress.review_plan"


def check_attachment(upload) -> str:
    """The upload's MIME type, or a ValidationError naming what is wrong with it."""
    name = getattr(upload, "name", "the file")
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "attachment": f"“{name}” is {upload.size / 1048576:.1f} MB; the limit is "
                f"{limit / 1048576:.0f} MB."
            }
        )
    upload.seek(0)
    head = upload.read(65536)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_DOCUMENTS:
        found = f"its content is {mime}" if mime else "its content is not a known document"
        raise ValidationError(
            {
                "attachment": f"“{name}” is not a document ({found}). Attach a PDF, Word "
                "(DOCX or DOC), OpenDocument text or RTF file."
            }
        )
    return mime


def plan_latest_version(plan: ResearchPlan) -> ResearchPlanVersion | None:
    return plan.versions.order_by("-number").first()


def plan_save(
    *,
    fellow: Fellow,
    by,
    aims: str,
    approach: str,
    timeline: str,
    attachment=None,
    remove_attachment: bool = False,
) -> ResearchPlan:
    """Write the plan. A draft is edited in place; after a submission the edit starts the
    next version, so every submitted text is kept."""
    _require(by, "progress.write_plan", fellow)
    mime = (
        check_upload(attachment, field="attachment", limit=max_upload_bytes()) if attachment else ""
    )
    with transaction.atomic():
        plan = ResearchPlan.objects.select_for_update().filter(fellow=fellow).first()
        if plan is None:
            plan = ResearchPlan(fellow=fellow)
            plan.full_clean()
            plan.save()
        if plan.state not in (PlanState.DRAFT, PlanState.CHANGES_REQUESTED):
            raise ValidationError(
                f"The plan is {plan.get_state_display().lower()}; it cannot be edited now."
            )
        latest = plan_latest_version(plan)
        if latest is None or latest.submitted_at is not None:
            version = ResearchPlanVersion(plan=plan, number=(latest.number + 1) if latest else 1)
            if latest is not None and latest.attachment:
                version.attachment = latest.attachment.name
                version.attachment_name = latest.attachment_name
                version.attachment_type = latest.attachment_type
        else:
            version = latest
        version.aims = (aims or "").strip()
        version.approach = (approach or "").strip()
        version.timeline = (timeline or "").strip()
        version.written_by = by
        if remove_attachment:
            version.attachment, version.attachment_name, version.attachment_type = "", "", ""
        if attachment:
            version.attachment_name = attachment.name[:200]
            version.attachment_type = mime
            version.attachment.save(attachment.name, attachment, save=False)
        version.full_clean()
        version.save()
        plan.save(update_fields=["updated_at"])
        _log(by, plan, "research_plan.edited", f"{plan}: version {version.number} edited")
    return plan


def plan_transition(*, plan: ResearchPlan, to: str, by, comments: str = "") -> ResearchPlan:
    """Move a research plan to state `to`: the only place a plan's state changes."""
    with transaction.atomic():
        plan = ResearchPlan.objects.select_for_update().select_related("fellow").get(pk=plan.pk)
        to = _state(PlanState, to, "a plan")
        _require(by, plan_permission_for(to), plan.fellow)
        _refuse_unless_next(plan, to, PLAN_TRANSITIONS, "A plan")
        version = plan_latest_version(plan)
        before = plan.get_state_display()
        now = timezone.now()
        comments = (comments or "").strip()
        if to == PlanState.SUBMITTED:
            missing = [label for name, label in PLAN_SECTIONS if not getattr(version, name, "")]
            if version is None or version.is_empty:
                raise ValidationError(
                    "The research plan is empty: write the specific aims, approach and "
                    "timeline before submitting it."
                )
            if missing:
                raise ValidationError(
                    f"Write the {', '.join(missing)} before submitting the research plan."
                )
            if version.submitted_at is not None:
                raise ValidationError(
                    "Revise the plan as your mentor asked before submitting it again."
                )
            version.submitted_at = now
            summary = f"version {version.number} submitted"
        else:
            if to == PlanState.CHANGES_REQUESTED and not comments:
                raise ValidationError({"comments": "Say what should change in the plan."})
            version.decision = to.value
            version.comments = comments
            version.reviewed_by = by
            version.reviewed_at = now
            summary = f"version {version.number} {to.label.lower()}"
            if to == PlanState.APPROVED:
                plan.approved_on = timezone.localdate()
                _link_done(plan.fellow, Link.RESEARCH_PLAN, plan.approved_on, by)
        version.full_clean()
        version.save()
        plan.state = to
        plan.full_clean()
        plan.save()
        _log(
            by,
            plan,
            f"research_plan.{to.value}",
            f"{plan}: {before} → {plan.get_state_display()} ({summary})",
        )
    return plan


# Individual Development Plan -------------------------------------------------------------

IDP_TRANSITIONS: dict[str, tuple[str, ...]] = {
    IdpState.DRAFT: (IdpState.SUBMITTED,),
    IdpState.SUBMITTED: (IdpState.SIGNED_OFF, IdpState.DRAFT),
    IdpState.SIGNED_OFF: (),
}
IDP_ACTIONS = {
    IdpState.SUBMITTED: "Submit to my mentors",
    IdpState.SIGNED_OFF: "Sign off",
    IdpState.DRAFT: "Return for changes",
}


ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_goals(text: str) -> list[tuple[date, str]]:
    """SMART goals, one a line: `YYYY-MM-DD  what will be done`."""
    goals, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        day, _, goal = line.partition(" ")
        if not ISO_DAY.fullmatch(day):
            errors.append(f"Line {number}: start with the target date as YYYY-MM-DD.")
            continue
        try:
            target = date.fromisoformat(day)
        except ValueError:  # written right, but no such day (2027-02-30, month 13)
            errors.append(f"Line {number}: {day} is not a date.")
            continue
        if not goal.strip():
            errors.append(f"Line {number}: say what the goal is after the date.")
            continue
        goals.append((target, goal.strip()[:300]))
    if errors:
        raise ValidationError({"goals": errors})
    return goals


@transaction.atomic
def idp_save(
    *, fellow: Fellow, year: int, by, self_assessment: str, career_goals: str, goals: str
) -> DevelopmentPlan:
    _require(by, "progress.write_idp", fellow)
    parsed = parse_goals(goals)
    plan = DevelopmentPlan.objects.filter(fellow=fellow, year=year).first() or DevelopmentPlan(
        fellow=fellow, year=year
    )
    if plan.state != IdpState.DRAFT:
        raise ValidationError(f"The IDP is {plan.get_state_display().lower()}; it is closed.")
    plan.self_assessment = (self_assessment or "").strip()
    plan.career_goals = (career_goals or "").strip()
    plan.full_clean()
    plan.save()
    plan.goals.all().delete()
    DevelopmentGoal.objects.bulk_create(
        DevelopmentGoal(plan=plan, goal=goal, target_date=day) for day, goal in parsed
    )
    _log(by, plan, "idp.edited", f"{plan} edited")
    return plan


def idp_transition(*, plan: DevelopmentPlan, to: str, by, comments: str = "") -> DevelopmentPlan:
    """Move an IDP to state `to`: the only place an IDP's state changes."""
    with transaction.atomic():
        plan = DevelopmentPlan.objects.select_for_update().select_related("fellow").get(pk=plan.pk)
        to = _state(IdpState, to, "an IDP")
        permission = "progress.write_idp" if to == IdpState.SUBMITTED else "progress.sign_idp"
        _require(by, permission, plan.fellow)
        _refuse_unless_next(plan, to, IDP_TRANSITIONS, "An IDP")
        comments = (comments or "").strip()
        before = plan.get_state_display()
        if to == IdpState.SUBMITTED:
            missing = [
                label
                for value, label in (
                    (plan.self_assessment, "self-assessment"),
                    (plan.career_goals, "career goals"),
                    (plan.goals.exists(), "goals for the year"),
                )
                if not value
            ]
            if missing:
                raise ValidationError(f"Write the {', '.join(missing)} before submitting.")
        elif to == IdpState.DRAFT:
            if not comments:
                raise ValidationError({"comments": "Say what should change in the IDP."})
            plan.mentor_comments = comments
        else:
            plan.mentor_comments = comments
            plan.signed_by = by
            plan.signed_on = timezone.localdate()
            _link_done(plan.fellow, Link.IDP, plan.signed_on, by, nth=plan.year)
        plan.state = to
        plan.full_clean()
        plan.save()
        _log(by, plan, f"idp.{to.value}", f"{plan}: {before} → {plan.get_state_display()}")
    return plan


# Reminders -------------------------------------------------------------------------------


@dataclass
class DigestItem:
    key: str
    text: str
    path: str
    overdue: bool
    waiting: bool = False  # a plan or an IDP waiting for the reader's review

    @property
    def section(self) -> str:
        return "waiting" if self.waiting else "overdue" if self.overdue else "soon"


DIGEST_SECTIONS = (
    ("overdue", "Overdue", "{} overdue"),
    ("soon", "Due soon", f"{{}} due in the next {REMINDER_DAYS} days"),
    ("waiting", "Waiting for you", "{} waiting for you"),
)


@dataclass
class Digest:
    user: object
    items: list[DigestItem] = field(default_factory=list)

    @property
    def subject(self) -> str:
        parts = []
        for section, _, phrase in DIGEST_SECTIONS:
            count = sum(1 for i in self.items if i.section == section)
            if count:
                parts.append(phrase.format(count))
        return "Fellowship: " + ", ".join(parts)

    def body(self, base_url: str) -> str:
        lines = [f"Dear {self.user.get_full_name() or self.user.email},", ""]
        for section, heading, _ in DIGEST_SECTIONS:
            chosen = [i for i in self.items if i.section == section]
            if chosen:
                lines.append(f"{heading}:")
                for item in chosen:
                    lines.append(f"  - {item.text}")
                    lines.append(f"    {base_url.rstrip('/')}{item.path}")
                lines.append("")
        lines.append("You get this digest at most once a day while something is due.")
        return "\n".join(lines) + "\n"


def reminder_digests(*, today: date) -> list[Digest]:
    """Who should hear about what today: fellows about their own milestones, mentors about
    their mentees' milestones and the plans and IDPs waiting for them (progress.waiting)."""
    horizon = date.fromordinal(today.toordinal() + REMINDER_DAYS)
    milestones = (
        Milestone.objects.filter(
            done_on__isnull=True, due_date__lte=horizon, fellow__status__in=Fellow.CURRENT
        )
        .select_related("template", "fellow__program", "fellow__user")
        .order_by("due_date", "id")
    )
    mentorships = (
        Mentorship.objects.current(on=today)
        .filter(faculty__user__isnull=False)
        .select_related("faculty__user")
    )
    mentors_of: dict[int, list] = {}
    for m in mentorships:
        mentors_of.setdefault(m.fellow_id, []).append(m.faculty.user)
    digests: dict[int, Digest] = {}

    def add(user, item):
        digest = digests.setdefault(user.pk, Digest(user=user))
        if all(i.key != item.key for i in digest.items):
            digest.items.append(item)

    for m in milestones:
        fellow = m.fellow
        slug = fellow.program.slug
        path = reverse("progress:timeline", kwargs={"program": slug, "pk": fellow.pk})
        overdue = m.due_date < today
        when = f"was due {m.due_date:%b %-d, %Y}" if overdue else f"due {m.due_date:%b %-d, %Y}"
        if fellow.user is not None:
            add(
                fellow.user,
                DigestItem(f"milestone:{m.pk}", f"{m.template.name} {when}", path, overdue),
            )
        for mentor in mentors_of.get(fellow.pk, []):
            text = f"{fellow.full_name}: {m.template.name} {when}"
            add(mentor, DigestItem(f"milestone:{m.pk}", text, path, overdue))
    # Plans and IDPs waiting for review: the same rule as the dashboard's panel.
    for reviews in (waiting.plans_to_review, waiting.idps_to_sign_off):
        for mentor, item in reviews(today):
            add(mentor, DigestItem(item.key, item.said, item.url, False, True))
    return sorted(digests.values(), key=lambda d: d.user.email)


def reminders_send(
    *, today: date | None = None, dry_run: bool = False, base_url: str | None = None, say=None
) -> list[Digest]:
    """Email each person their digest, at most once a day and never an item twice on the
    same day. With dry_run, print what would be sent and record nothing."""
    today = today or timezone.localdate()
    base_url = base_url or site_url()
    say = say or (lambda text: None)
    already = set(ReminderSent.objects.filter(day=today).values_list("user_id", "item"))
    users_done = {user_id for user_id, _ in already}
    sent = []
    for digest in reminder_digests(today=today):
        if digest.user.pk in users_done or not digest.user.email:
            continue
        digest.items = [i for i in digest.items if (digest.user.pk, i.key) not in already]
        if not digest.items:
            continue
        if dry_run:
            say(f"To: {digest.user.email}\nSubject: {digest.subject}\n\n{digest.body(base_url)}")
            sent.append(digest)
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(
                    ReminderSent(user=digest.user, day=today, item=i.key) for i in digest.items
                )
                send_mail(
                    digest.subject,
                    digest.body(base_url),
                    settings.DEFAULT_FROM_EMAIL,
                    [digest.user.email],
                )
        except IntegrityError:
            continue  # another run sent this digest a moment ago
        say(f"Sent {len(digest.items)} items to {digest.user.email}")
        sent.append(digest)
    return sent


# Calendar feeds --------------------------------------------------------------------------


def calendar_feed_for(user) -> CalendarFeed:
    """The user's feed, made on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = calendar_feed_reset(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user) -> CalendarFeed:
    """A new secret URL; the old one stops working at once."""
    feed = CalendarFeed.objects.filter(user=user).first() or CalendarFeed(user=user)
    existed = feed.pk is not None
    feed.token = secrets.token_urlsafe(32)
    feed.full_clean()
    feed.save()
    if existed:
        _log(user, feed, "calendar_feed.reset", f"Calendar link of {user} reset")
    return feed
