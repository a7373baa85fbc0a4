"""Research plans and Individual Development Plans: writing them and their workflows.

A research plan's state changes only in `plan_transition`:

    draft -> submitted -> approved
                |  ^
                v  |
         changes requested   (the fellow revises; the revision is a new version)

An IDP's state changes only in `idp_transition`: draft -> submitted -> signed off, or back
to draft with the mentor's comments. Approving a plan or signing an IDP marks its milestone
done.
"""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fellowship.activity.services import activity_record
from fellowship.core.files import file_attach, file_release
from fellowship.core.transitions import Workflow
from fellowship.core.uploads import check_upload
from fellowship.programs.models import Fellow

from .milestones import Link, link_done
from .models import DevelopmentGoal, DevelopmentPlan, ResearchPlan, ResearchPlanVersion
from .rules import require

PlanState = ResearchPlan.State
IdpState = DevelopmentPlan.State

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "PROGRESS_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)


def _log(by, target, verb: str, summary: str):
    activity_record(actor=by, verb=verb, target=target, summary=summary)


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
    require(by, "progress.write_plan", fellow)
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
            file_release(version, "attachment")
            version.attachment_name, version.attachment_type = "", ""
        if attachment:
            shown = file_attach(version, "attachment", attachment, mime=mime)
            version.attachment_name, version.attachment_type = shown[:200], mime
        version.full_clean()
        version.save()
        plan.save(update_fields=["updated_at"])
        _log(by, plan, "research_plan.edited", f"{plan}: version {version.number} edited")
    return plan


def plan_transition(*, plan: ResearchPlan, to: str, by, comments: str = "") -> ResearchPlan:
    """Move a research plan to state `to`: the only place a plan's state changes."""
    return PLAN_WORKFLOW.take(plan, to, by=by, comments=comments)


def _plan_submitted(plan, **_) -> str:
    version = plan_latest_version(plan)
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
        raise ValidationError("Revise the plan as your mentor asked before submitting it again.")
    version.submitted_at = timezone.now()
    version.full_clean()
    version.save()
    return f"version {version.number} submitted"


def _plan_reviewed(plan, *, step, by, comments: str = "", **_) -> str:
    """The primary mentor approves the submitted version or asks for changes."""
    to = PlanState(step)
    comments = (comments or "").strip()
    if to == PlanState.CHANGES_REQUESTED and not comments:
        raise ValidationError({"comments": "Say what should change in the plan."})
    version = plan_latest_version(plan)
    version.decision = to.value
    version.comments = comments
    version.reviewed_by = by
    version.reviewed_at = timezone.now()
    if to == PlanState.APPROVED:
        plan.approved_on = timezone.localdate()
        link_done(plan.fellow, Link.RESEARCH_PLAN, plan.approved_on, by)
    version.full_clean()
    version.save()
    return f"version {version.number} {to.label.lower()}"


PLAN_WORKFLOW = Workflow(
    model=ResearchPlan,
    states=PlanState,
    steps=PLAN_TRANSITIONS,
    require=lambda by, plan, to: require(by, plan_permission_for(to), plan.fellow),
    log=_log,
    verb="research_plan",
    what="A plan",
    unknown="a state of a plan",
    related=("fellow",),
    enter={
        PlanState.SUBMITTED: _plan_submitted,
        PlanState.APPROVED: _plan_reviewed,
        PlanState.CHANGES_REQUESTED: _plan_reviewed,
    },
)


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
    require(by, "progress.write_idp", fellow)
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


def idp_permission_for(to: str) -> str:
    return "progress.write_idp" if to == IdpState.SUBMITTED else "progress.sign_idp"


def idp_transition(*, plan: DevelopmentPlan, to: str, by, comments: str = "") -> DevelopmentPlan:
    """Move an IDP to state `to`: the only place an IDP's state changes."""
    return IDP_WORKFLOW.take(plan, to, by=by, comments=comments)


def _idp_submitted(plan, **_) -> str:
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
    return ""


def _idp_returned(plan, *, comments: str = "", **_) -> str:
    comments = (comments or "").strip()
    if not comments:
        raise ValidationError({"comments": "Say what should change in the IDP."})
    plan.mentor_comments = comments
    return ""


def _idp_signed_off(plan, *, by, comments: str = "", **_) -> str:
    plan.mentor_comments = (comments or "").strip()
    plan.signed_by = by
    plan.signed_on = timezone.localdate()
    link_done(plan.fellow, Link.IDP, plan.signed_on, by, nth=plan.year)
    return ""


IDP_WORKFLOW = Workflow(
    model=DevelopmentPlan,
    states=IdpState,
    steps=IDP_TRANSITIONS,
    require=lambda by, plan, to: require(by, idp_permission_for(to), plan.fellow),
    log=_log,
    verb="idp",
    what="An IDP",
    unknown="a state of an IDP",
    related=("fellow",),
    enter={
        IdpState.SUBMITTED: _idp_submitted,
        IdpState.DRAFT: _idp_returned,
        IdpState.SIGNED_OFF: _idp_signed_off,
    },
)
