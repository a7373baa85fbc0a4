"""Load the demo grants: applications at several stages, alumni grants and a survey.

`load_demo_grants(program)` runs after `demo.programs.load_demo_program` and is
idempotent: each application is found by its fellow, mechanism and kind and put back in
the same stage, with its checklist rebuilt. Due dates come from the NIH calendar relative
to the day the demo is loaded, so the demo never goes stale:

- the demo fellow (fellow@example.org, Jordan Baptiste, second year) has a K99 for the
  next new due date at least ten weeks away, mentor letters requested, specific aims done;
  his primary mentor (mentor@example.org) works on it with him;
- Emeka Nwachukwu's K99 (a due date about five months ago) has been scored;
- the alumna Alicia Brandt was funded (K99LM...) and has won grants since, as have two
  other alumni.

Like the other demo loaders it saves directly; each application also gets the history its
stage implies (backdated activity-log entries: started, each stage, each checklist item
ticked off, NIH's score and award), so its History panel reads like the record of the work.
Every entry is dated before the load day.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from fellowship.accounts.models import User
from fellowship.activity.models import ActivityEntry
from fellowship.activity.services import activity_record
from fellowship.grants import eligibility
from fellowship.grants.models import AlumniGrant, ChecklistItem, GrantApplication
from fellowship.grants.services import CHECKLIST_OFFSETS, checklist_dates
from fellowship.programs.models import FacultyMember, Fellow

Stage = GrantApplication.Stage

APPLICATIONS = [
    {
        "fellow": "fellow@example.org",
        "title": "Language models that read the chart: safe summarization of clinical notes "
        "for handoffs",
        "institute": "NLM",
        "due": ("next", 70),  # the first K99 new due date at least 70 days from today
        "stage": Stage.LETTERS_REQUESTED,
        "done": ["specific_aims"],
    },
    {
        "fellow": "emeka.nwachukwu@example.org",
        "title": "Federated learning of sepsis risk across hospitals without sharing records",
        "institute": "NIGMS",
        "due": ("past", 150),  # the last K99 new due date at least 150 days ago
        "stage": Stage.SCORED,
        "impact_score": 31,
        "done": "all",
    },
    {
        "fellow": "alicia.brandt@example.org",
        "title": "Interpretable phenotyping of multimorbidity from the electronic health record",
        "institute": "NLM",
        "due": ("past", 900),
        "stage": Stage.FUNDED,
        "impact_score": 20,
        "percentile": 4,
        "award_number": "K99LM014321",
        "award_start_after": 180,  # days after the due date
        "done": "all",
    },
]

ALUMNI_GRANTS = [
    ("alicia.brandt@example.org", "R00", "pi", 1, "R00LM014321", "NIH/NLM",
     "Interpretable phenotyping of multimorbidity (independent phase)"),
    ("kwame.osei-bonsu@example.org", "K08", "pi", 0, "K08HL171234", "NIH/NHLBI",
     "Decision support for heart-failure medication titration"),
    ("daniel.whitfield@example.org", "R21", "co_i", 0, "R21LM013999", "NIH/NLM",
     "Public-health surveillance from pharmacy claims"),
]  # fmt: skip


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


# Days before the due date each stage was reached (the K99's usual pace); outcomes after it.
STAGE_DAYS_BEFORE_DUE = {
    Stage.AIMS_DRAFTED: 100,
    Stage.LETTERS_REQUESTED: 60,
    Stage.LETTERS_RECEIVED: 35,
    Stage.INTERNAL_REVIEW: 24,
    Stage.SUBMITTED: 3,
}
SCORED_DAYS_AFTER_DUE = 115  # the summary statement comes about four months after
STARTED_DAYS_BEFORE_DUE = 150
COORDINATOR_LOGIN = "coordinator@example.org"


def _history(program, application, spec, due: date, today: date, mentor) -> None:
    """The application's activity log as the services would have written it, backdated.

    An application due in the future has lived a compressed version of the road (the
    fellow started it recently), so every entry stays in the past of `today`."""
    target = dict(
        target_type=ContentType.objects.get_for_model(GrantApplication),
        target_id=application.pk,
    )
    ActivityEntry.objects.filter(**target).delete()
    fellow = application.fellow
    coordinator = User.objects.filter(email=COORDINATOR_LOGIN).first()
    # `days` before the due date; when the due date is ahead, the same road squeezed into
    # the last six weeks (started 45 days ago).
    lead = due > today

    def before_due(days: int, hour: int) -> datetime:
        if lead:
            back = max(1, round(days * 45 / STARTED_DAYS_BEFORE_DUE))
            return _at(today - timedelta(days=back), hour)
        return _at(due - timedelta(days=days), hour)

    def add(at, who, verb, summary):
        user, name = who
        if user is None and name:
            summary = f"{summary} (by {name})"
        entry = activity_record(
            actor=user, verb=verb, target=application, summary=summary, program=program
        )
        ActivityEntry.objects.filter(pk=entry.pk).update(at=at)

    me = (fellow.user, fellow.full_name)
    them = (mentor.user, mentor.display_name) if mentor else me
    staff = (coordinator, "") if coordinator else me
    started = before_due(STARTED_DAYS_BEFORE_DUE, 10)
    GrantApplication.objects.filter(pk=application.pk).update(created_at=started)
    add(started, me, "grant_application.created", f"Grant application started: {application}")
    order = list(Stage)
    reached = order[1 : order.index(Stage(spec["stage"])) + 1]
    before = Stage.PLANNING
    for stage in reached:
        if stage in STAGE_DAYS_BEFORE_DUE:
            at = before_due(STAGE_DAYS_BEFORE_DUE[stage], 11 if stage != Stage.SUBMITTED else 16)
            who = them if stage in (Stage.LETTERS_RECEIVED, Stage.INTERNAL_REVIEW) else me
            extra = f" (for the {due:%b %-d, %Y} due date)" if stage == Stage.SUBMITTED else ""
        elif stage == Stage.SCORED:
            at, who = _at(due + timedelta(days=SCORED_DAYS_AFTER_DUE), 9), staff
            pct = f", percentile {application.percentile}" if application.percentile else ""
            extra = f" (impact score {application.impact_score}{pct})"
        else:  # funded
            at, who = _at(application.award_start - timedelta(days=20), 14), staff
            extra = f" (award {application.award_number} from {application.award_start:%b %-d, %Y})"
        add(
            at,
            who,
            f"grant_application.{stage}",
            f"{application}: {before.label} → {stage.label}{extra}",
        )
        before = stage
    for item in application.checklist.filter(done=True):
        at = item.done_at
        if lead:  # due ahead: ticked off in the compressed road
            at = before_due(CHECKLIST_OFFSETS[item.component] + 2, 15)
            ChecklistItem.objects.filter(pk=item.pk).update(done_at=at)
        add(
            at,
            me,
            "grant_checklist.done",
            f"{item.get_component_display()} done: {application}",
        )


def _due_date(spec, today: date) -> date:
    direction, days = spec
    if direction == "next":
        start = today + timedelta(days=days)
        return eligibility.due_date_options("K99", "new", start, 12)[0]
    end = today - timedelta(days=days)
    options = eligibility.due_date_options("K99", "new", end - timedelta(days=200), 7)
    return [d for d in options if d <= end][-1]


@transaction.atomic
def load_demo_grants(program, *, stdout=None, today: date | None = None) -> list:
    today = today or timezone.localdate()
    fellows = {f.email: f for f in Fellow.objects.filter(program=program)}
    loaded = []
    for spec in APPLICATIONS:
        fellow = fellows.get(spec["fellow"])
        if fellow is None:
            continue
        due = _due_date(spec["due"], today)
        application = GrantApplication.objects.filter(
            fellow=fellow, mechanism="K99", kind=GrantApplication.Kind.NEW
        ).first() or GrantApplication(fellow=fellow, mechanism="K99")
        application.kind = GrantApplication.Kind.NEW
        application.title = spec["title"]
        application.institute = spec["institute"]
        application.target_due_date = due
        application.stage = spec["stage"]
        application.impact_score = spec.get("impact_score")
        application.percentile = spec.get("percentile")
        application.award_number = spec.get("award_number", "")
        application.award_start = (
            due + timedelta(days=spec["award_start_after"]) if "award_start_after" in spec else None
        )
        application.full_clean()
        application.save()
        mentors = FacultyMember.objects.filter(mentorships__fellow=fellow).distinct()
        application.mentors.set(mentors)
        ChecklistItem.objects.filter(application=application).delete()
        done = spec["done"]
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                application=application,
                component=component,
                due_date=day,
                done=done == "all" or component in done,
                # Ticked off two days before its own due date, as a careful applicant does.
                done_at=_at(day - timedelta(days=2), 15)
                if done == "all" or component in done
                else None,
            )
            for component, day in checklist_dates(due).items()
        )
        primary = (
            FacultyMember.objects.filter(
                mentorships__fellow=fellow, mentorships__kind="primary"
            ).first()
            or mentors.first()
        )
        _history(program, application, spec, due, today, primary)
        loaded.append(application)
    for email, mechanism, role, years_after, number, funder, title in ALUMNI_GRANTS:
        fellow = fellows.get(email)
        if fellow is None:
            continue
        grant = AlumniGrant.objects.filter(fellow=fellow, award_number=number).first() or (
            AlumniGrant(fellow=fellow, award_number=number)
        )
        grant.mechanism = mechanism
        grant.role = role
        grant.year_awarded = fellow.appointment_end.year + years_after
        grant.funder = funder
        grant.title = title
        grant.full_clean()
        grant.save()
    if stdout is not None:
        stdout.write(f"  {len(loaded)} grant applications, {len(ALUMNI_GRANTS)} alumni grants\n")
    return loaded
