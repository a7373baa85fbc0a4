"""Load the demo grants: applications at several stages, alumni grants and a survey.

`load_demo_grants(program)` runs after `programs.demo.load_demo_program` and is
idempotent: each application is found by its fellow, mechanism and kind and put back in
the same stage, with its checklist rebuilt. Due dates come from the NIH calendar relative
to the day the demo is loaded, so the demo never goes stale:

- the demo fellow (fellow@example.org, Jordan Baptiste, second year) has a K99 for the
  next new due date at least ten weeks away, mentor letters requested, specific aims done;
  his primary mentor (mentor@example.org) works on it with him;
- Emeka Nwachukwu's K99 (a due date about five months ago) has been scored;
- the alumna Alicia Brandt was funded (K99LM...) and has won grants since, as have two
  other alumni.

Like the other demo loaders it saves directly (no activity-log entries).
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from fellowship.programs.models import FacultyMember, Fellow

from . import eligibility
from .models import AlumniGrant, ChecklistItem, GrantApplication
from .services import checklist_dates

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
                done_at=timezone.now() if done == "all" or component in done else None,
            )
            for component, day in checklist_dates(due).items()
        )
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
