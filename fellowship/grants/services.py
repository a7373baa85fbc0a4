"""Every write about grants: permission-checked, validated, in one transaction, logged.

An application's stage changes only in `application_transition`:

    planning -> aims drafted -> letters requested -> letters received -> internal review
        ^            |  ^                                                     |   |
        +------------+  +---------------- (back for revision) ---------------+   v
                                                          submitted -> scored -> funded
                                                              |          |
                                                              +----------+-> not funded

A not-funded application may be resubmitted once: `application_resubmit` starts a new,
linked application (kind resubmission) aimed at the next resubmission due date.
"""

import hashlib
import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fellowship.accounts.rules import require as _require
from fellowship.activity.services import activity_record
from fellowship.core.actors import SystemActor
from fellowship.core.mail import send_after_commit
from fellowship.core.transitions import Workflow
from fellowship.programs.models import Fellow, Position
from fellowship.programs.services import position_save

from . import eligibility, events
from .models import AlumniGrant, ChecklistItem, GrantApplication, GrantProfile, OutcomeSurvey

Stage = GrantApplication.Stage
Component = ChecklistItem.Component

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.PLANNING: (Stage.AIMS_DRAFTED,),
    Stage.AIMS_DRAFTED: (Stage.LETTERS_REQUESTED, Stage.PLANNING),
    Stage.LETTERS_REQUESTED: (Stage.LETTERS_RECEIVED,),
    Stage.LETTERS_RECEIVED: (Stage.INTERNAL_REVIEW,),
    Stage.INTERNAL_REVIEW: (Stage.SUBMITTED, Stage.AIMS_DRAFTED),
    Stage.SUBMITTED: (Stage.SCORED, Stage.NOT_FUNDED),
    Stage.SCORED: (Stage.FUNDED, Stage.NOT_FUNDED),
    Stage.FUNDED: (),
    Stage.NOT_FUNDED: (),
}

# Recording what NIH decided: the fellow and the staff only (mentors work on the drafts).
OUTCOMES = (Stage.SCORED, Stage.FUNDED, Stage.NOT_FUNDED)

# What the button that takes an application to each stage says.
ACTIONS = {
    Stage.PLANNING: "Back to planning",
    Stage.AIMS_DRAFTED: "Specific aims drafted",
    Stage.LETTERS_REQUESTED: "Mentor letters requested",
    Stage.LETTERS_RECEIVED: "Mentor letters received",
    Stage.INTERNAL_REVIEW: "Send to internal review",
    Stage.SUBMITTED: "Submitted to NIH",
    Stage.SCORED: "Record the score",
    Stage.FUNDED: "Record the award",
    Stage.NOT_FUNDED: "Not funded",
}

# Each component is due this many days before the submission (target due date).
CHECKLIST_OFFSETS: dict[str, int] = {
    Component.SPECIFIC_AIMS: 56,
    Component.RESEARCH_STRATEGY: 28,
    Component.CANDIDATE: 28,
    Component.MENTOR_STATEMENT: 21,
    Component.REFERENCE_LETTERS: 21,
    Component.BUDGET: 21,
    Component.BIOSKETCHES: 14,
    Component.INSTITUTIONAL_COMMITMENT: 14,
    Component.ROUTING: 7,
}

SURVEY_DAYS = 30


def allowed_transitions(application: GrantApplication) -> tuple[str, ...]:
    return TRANSITIONS[Stage(application.stage)]


def permission_for(to: str) -> str:
    return "grants.record_outcome" if to in OUTCOMES else "grants.work_on_application"


def _log(by, target, verb: str, summary: str, program=None):
    activity_record(actor=by, verb=verb, target=target, program=program, summary=summary)


def checklist_dates(due: date) -> dict[str, date]:
    return {component: due - timedelta(days=days) for component, days in CHECKLIST_OFFSETS.items()}


def _checklist_create(application: GrantApplication) -> None:
    ChecklistItem.objects.bulk_create(
        ChecklistItem(application=application, component=component, due_date=day)
        for component, day in checklist_dates(application.target_due_date).items()
    )


def eligibility_warning(fellow: Fellow, mechanism: str, day: date) -> str:
    """A sentence when the fellow would be past the mechanism's eligibility window on `day`."""
    window = eligibility.past_window_on(fellow, mechanism, day)
    if window is None:
        return ""
    e = window.eligibility
    return (
        f"{fellow.full_name} would be past the {mechanism} eligibility window on "
        f"{day:%b %-d, %Y}: {e.months_of_experience:.1f} months of postdoctoral experience "
        f"(limit {e.limit_months:g}); the last eligible day is {e.last_eligible_day:%b %-d, %Y}."
    )


# Applications ----------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    fellow: Fellow,
    mechanism: str,
    title: str,
    target_due_date: date,
    by,
    institute: str = "NLM",
    mentors=(),
) -> GrantApplication:
    """A new application in planning, with its checklist counted back from the due date."""
    _require(by, "grants.start_application_for", fellow)
    application = GrantApplication(
        fellow=fellow,
        mechanism=mechanism,
        kind=GrantApplication.Kind.NEW,
        institute=institute,
        title=(title or "").strip(),
        target_due_date=target_due_date,
    )
    application.full_clean()
    _check_mentors(fellow, mentors)
    application.save()
    application.mentors.set(mentors)
    _checklist_create(application)
    _log(by, application, "grant_application.created", f"Grant application started: {application}")
    events.grant_application_changed.send(application=application, by=by)
    return application


def _check_mentors(fellow, mentors) -> None:
    for mentor in mentors:
        if mentor.program_id != fellow.program_id:
            raise ValidationError({"mentors": "Mentors must be faculty of the fellow's program."})


@transaction.atomic
def application_update(
    *, application: GrantApplication, by, title: str, institute: str, target_due_date, mentors
) -> GrantApplication:
    """Change the title, institute, mentors or due date; open checklist items move with
    the due date."""
    _require(by, "grants.work_on_application", application)
    if application.stage in (Stage.SUBMITTED, *OUTCOMES):
        raise ValidationError("A submitted application can no longer be edited.")
    moved = application.target_due_date != target_due_date
    application.title = (title or "").strip()
    application.institute = institute
    application.target_due_date = target_due_date
    application.full_clean()
    _check_mentors(application.fellow, mentors)
    application.save()
    application.mentors.set(mentors)
    if moved:
        dates = checklist_dates(target_due_date)
        for item in application.checklist.filter(done=False):
            item.due_date = dates[item.component]
            item.save(update_fields=["due_date"])
    _log(by, application, "grant_application.updated", f"Grant application edited: {application}")
    events.grant_application_changed.send(application=application, by=by)
    return application


def application_transition(
    *, application: GrantApplication, to: str, by, **details
) -> GrantApplication:
    """Move an application to stage `to`: the only place an application's stage changes.

    details: `impact_score=` (10-90) and optionally `percentile=` (0-100) when scored;
    `award_number=` and `award_start=` when funded.
    """
    return WORKFLOW.take(application, to, by=by, **details)


def _enter_submitted(application, **details):
    open_items = [item for item in application.checklist.all() if not item.done]
    if open_items:
        names = ", ".join(item.get_component_display() for item in open_items)
        raise ValidationError(f"Tick off the checklist before submitting; still open: {names}.")
    return f"for the {application.target_due_date:%b %-d, %Y} due date"


def _number(value, field: str, low: int, high: int, what: str, required: bool = True):
    if value in (None, ""):
        if required:
            raise ValidationError({field: f"Give the {what} ({low}–{high})."})
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"The {what} must be a whole number."}) from None
    if not low <= number <= high:
        raise ValidationError({field: f"The {what} must be between {low} and {high}."})
    return number


def _enter_scored(application, *, impact_score=None, percentile=None, **details):
    application.impact_score = _number(impact_score, "impact_score", 10, 90, "impact score")
    application.percentile = _number(percentile, "percentile", 0, 100, "percentile", False)
    pct = f", percentile {application.percentile}" if application.percentile is not None else ""
    return f"impact score {application.impact_score}{pct}"


def _enter_funded(application, *, award_number="", award_start=None, **details):
    award_number = (award_number or "").strip()
    errors = {}
    if not award_number:
        errors["award_number"] = "Give the award number (e.g. K99LM014321)."
    if isinstance(award_start, str):
        try:
            award_start = date.fromisoformat(award_start)
        except ValueError:
            errors["award_start"] = "Write the award start as YYYY-MM-DD."
    if not award_start and "award_start" not in errors:
        errors["award_start"] = "Give the award's start date."
    if errors:
        raise ValidationError(errors)
    application.award_number = award_number
    application.award_start = award_start
    return f"award {award_number} from {award_start:%b %-d, %Y}"


WORKFLOW = Workflow(
    model=GrantApplication,
    states=Stage,
    steps=TRANSITIONS,
    require=lambda by, application, to: _require(by, permission_for(to), application),
    log=_log,
    verb="grant_application",
    what="An application",
    unknown="a stage",
    field="stage",
    related=("fellow__program",),
    enter={
        Stage.SUBMITTED: _enter_submitted,
        Stage.SCORED: _enter_scored,
        Stage.FUNDED: _enter_funded,
    },
    sent=lambda application, by: events.grant_application_changed.send(
        application=application, by=by
    ),
)


@transaction.atomic
def application_resubmit(*, application: GrantApplication, by, today: date | None = None):
    """A new application (kind resubmission) linked to a not-funded one, with a fresh
    checklist, aimed at the mechanism's next resubmission due date."""
    _require(by, "grants.record_outcome", application)
    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if application.stage != Stage.NOT_FUNDED:
        raise ValidationError("Only an application that was not funded can be resubmitted.")
    if application.kind == GrantApplication.Kind.RESUBMISSION:
        raise ValidationError("NIH allows one resubmission (A1); start a new application instead.")
    if application.resubmissions.exists():
        raise ValidationError("This application has already been resubmitted.")
    today = today or timezone.localdate()
    after = max(today, application.target_due_date) + timedelta(days=1)
    options = eligibility.due_date_options(application.mechanism, "resubmission", after, 12)
    if not options:
        raise ValidationError(f"{application.mechanism} has no resubmission due dates.")
    new = GrantApplication(
        fellow=application.fellow,
        mechanism=application.mechanism,
        kind=GrantApplication.Kind.RESUBMISSION,
        institute=application.institute,
        title=application.title,
        target_due_date=options[0],
        previous_application=application,
    )
    new.full_clean()
    new.save()
    new.mentors.set(application.mentors.all())
    _checklist_create(new)
    _log(
        by,
        new,
        "grant_application.resubmission",
        f"Resubmission started for {new.target_due_date:%b %-d, %Y}: {new}",
    )
    events.grant_application_changed.send(application=new, by=by)
    return new


@transaction.atomic
def checklist_item_mark(*, item: ChecklistItem, done: bool, by) -> ChecklistItem:
    application = item.application
    _require(by, "grants.work_on_application", application)
    if application.stage in (Stage.SUBMITTED, *OUTCOMES):
        raise ValidationError("The application has been submitted; its checklist is closed.")
    if item.done == done:
        return item
    item.done = done
    item.done_at = timezone.now() if done else None
    item.full_clean()
    item.save()
    _log(
        by,
        application,
        "grant_checklist.done" if done else "grant_checklist.reopened",
        f"{item.get_component_display()} {'done' if done else 'reopened'}: {application}",
    )
    return item


# The fellow's postdoctoral start -----------------------------------------------------------


@transaction.atomic
def grant_profile_save(*, fellow: Fellow, postdoc_start: date | None, by) -> GrantProfile:
    _require(by, "grants.manage_grants", fellow.program)
    profile = GrantProfile.objects.filter(fellow=fellow).first() or GrantProfile(fellow=fellow)
    profile.postdoc_start = postdoc_start
    profile.full_clean()
    profile.save()
    said = f"{postdoc_start:%b %-d, %Y}" if postdoc_start else "estimated from the appointment"
    _log(by, fellow, "grant_profile.updated", f"Postdoctoral start of {fellow}: {said}")
    return profile


# What the alumni survey's secret link does is logged as done by the survey.
SURVEY = SystemActor("alumni outcomes survey")


# Alumni outcomes -------------------------------------------------------------------------


@transaction.atomic
def alumni_grant_save(*, grant: AlumniGrant, by) -> AlumniGrant:
    """Record a grant of an alumnus: by the staff, or by the alumnus's survey (SURVEY,
    from `survey_submit`, which has checked the link)."""
    _require(by, "grants.manage_grants", grant.fellow.program)
    creating = grant.pk is None
    grant.full_clean()
    grant.save()
    verb = "created" if creating else "updated"
    _log(by, grant, f"alumni_grant.{verb}", f"Alumni grant {verb}: {grant.fellow}: {grant}")
    return grant


def alumni_of(program):
    return Fellow.objects.for_program(program).alumni()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def survey_send(*, fellow: Fellow, by, base_url: str) -> OutcomeSurvey:
    """Email the alumnus a private link, valid SURVEY_DAYS days and once; earlier unused
    links of the same alumnus stop working."""
    _require(by, "grants.manage_grants", fellow.program)
    if fellow.status not in Fellow.ALUMNI:
        raise ValidationError(f"{fellow} is not an alumnus of the program.")
    if not fellow.email:
        raise ValidationError(f"{fellow} has no email address.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        OutcomeSurvey.objects.filter(
            fellow=fellow, used_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        survey = OutcomeSurvey(
            fellow=fellow,
            token_hash=token_hash(token),
            email=fellow.email,
            expires_at=now + timedelta(days=SURVEY_DAYS),
            sent_by=by,
        )
        survey.created_at = now
        survey.full_clean()
        survey.save()
        _log(
            by, fellow, "outcome_survey.sent", f"Outcomes survey sent to {fellow} <{fellow.email}>"
        )
    link = base_url.rstrip("/") + reverse("survey:take", kwargs={"token": token})
    program = fellow.program
    send_after_commit(
        subject=f"{program}: what have you been doing since the program?",
        body=f"Dear {fellow.first_name},\n\n"
        f"Once a year the {program} asks its alumni about their positions and grants, for "
        "the program's reports to NIH. Please take two minutes to bring yours up to date:\n\n"
        f"  {link}\n\n"
        f"The link is yours alone, works once, and expires on "
        f"{survey.expires_at:%B %-d, %Y}. You do not need to log in.\n\n"
        "Thank you,\nThe program office\n",
        to=[fellow.email],
    )
    survey.token = token  # for the caller (tests); never stored
    return survey


def survey_send_alumni(*, program, by, base_url: str) -> int:
    """Send the outcomes survey to every alumnus with an email; how many were sent."""
    _require(by, "grants.manage_grants", program)
    sent = 0
    for fellow in alumni_of(program).exclude(email="").select_related("program"):
        survey_send(fellow=fellow, by=by, base_url=base_url)
        sent += 1
    return sent


class SurveyRefused(Exception):
    """The link cannot be used; the message says why and what to do."""


def survey_for_token(token: str, *, now=None) -> OutcomeSurvey:
    now = now or timezone.now()
    survey = (
        OutcomeSurvey.objects.select_related("fellow__program")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if survey is None:
        raise SurveyRefused(
            "This link is not valid. Check that you copied the whole link from the email, "
            "or ask the program office for a new one."
        )
    if survey.used_at is not None:
        raise SurveyRefused(
            f"This link was already used on {timezone.localtime(survey.used_at):%B %-d, %Y}. "
            "Ask the program office for a new one if you need to change something."
        )
    if survey.expires_at <= now:
        raise SurveyRefused(
            f"This link expired on {timezone.localtime(survey.expires_at):%B %-d, %Y}. "
            "Ask the program office for a new one."
        )
    return survey


def survey_submit(
    *,
    token: str,
    position_ends: dict | None = None,
    new_position: dict | None = None,
    new_grant: dict | None = None,
) -> OutcomeSurvey:
    """What the alumnus sent through the link: end dates for their open positions, a new
    position, a new grant. All or nothing; the link is used up."""
    with transaction.atomic():
        survey = survey_for_token(token)  # refused: nothing written
        survey = OutcomeSurvey.objects.select_for_update().get(pk=survey.pk)
        if survey.used_at is not None:
            raise SurveyRefused("This link was already used.")
        fellow = survey.fellow
        own = {p.pk: p for p in Position.objects.filter(fellow=fellow)}
        changed = []
        for pk, end in (position_ends or {}).items():
            position = own.get(int(pk))
            if position is None:
                raise SurveyRefused("This link can change only its own alumnus's positions.")
            if end and end != position.end:
                position.end = end
                position_save(position=position, by=SURVEY)
                changed.append(f"ended {position}")
        if new_position:
            position = Position(fellow=fellow, **new_position)
            position_save(position=position, by=SURVEY)
            changed.append(f"new position {position}")
        if new_grant:
            grant = AlumniGrant(fellow=fellow, **new_grant)
            alumni_grant_save(grant=grant, by=SURVEY)
            changed.append(f"new grant {grant}")
        survey.used_at = timezone.now()
        survey.save(update_fields=["used_at"])
        _log(
            None,
            fellow,
            "outcome_survey.answered",
            f"{fellow} answered the outcomes survey: " + ("; ".join(changed) or "no changes"),
        )
    return survey
