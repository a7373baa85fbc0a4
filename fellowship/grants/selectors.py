"""Reads that the grants pages share; each costs a fixed number of queries."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q

from fellowship.activity.models import ActivityEntry
from fellowship.programs.models import Fellow, Leave, Position

from . import eligibility
from .models import AlumniGrant, GrantApplication, OutcomeSurvey


def applications(program):
    """Applications of the program, with fellow and mentors (3 queries when listed)."""
    return (
        GrantApplication.objects.filter(fellow__program=program)
        .select_related("fellow__program")
        .prefetch_related("mentors")
        .order_by("-target_due_date", "-id")
    )


def applications_for_user(program, user, *, staff: bool, fellow_id=None, faculty_id=None):
    """What the user may see: everything for staff; own applications; mentees'."""
    qs = applications(program)
    if staff:
        return qs
    from fellowship.accounts.roles import memberships

    mentee_ids = memberships(user).mentee_ids
    wanted = Q(pk__in=[])
    if fellow_id:
        wanted |= Q(fellow_id=fellow_id)
    if mentee_ids:
        wanted |= Q(fellow_id__in=mentee_ids)
    if faculty_id:
        wanted |= Q(mentors=faculty_id)
    return qs.filter(wanted).distinct()


def application_detail(program, pk):
    return (
        GrantApplication.objects.filter(fellow__program=program, pk=pk)
        .select_related("fellow__program", "previous_application")
        .prefetch_related("mentors", "checklist", "resubmissions")
        .first()
    )


def application_log(application, limit=30):
    return (
        ActivityEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(GrantApplication),
            target_id=application.pk,
        )
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def fellow_for_window(fellow_id):
    return (
        Fellow.objects.filter(pk=fellow_id)
        .select_related("grant_profile")
        .prefetch_related("leaves")
        .first()
    )


def windows(program, today: date) -> list[eligibility.Window]:
    """Every current fellow's K99 window, the most urgent first (3 queries)."""
    fellows = (
        Fellow.objects.for_program(program)
        .in_training()
        .select_related("grant_profile", "program")
        .prefetch_related(
            Prefetch("leaves", queryset=Leave.objects.order_by("start")),
            Prefetch(
                "grant_applications",
                queryset=GrantApplication.objects.order_by("-target_due_date", "-id"),
                to_attr="applications",
            ),
        )
    )
    found = [eligibility.window_of(fellow, today) for fellow in fellows]
    return sorted(found, key=lambda w: w.urgency)


def alumni(program):
    """Alumni with their positions, grants and latest survey (4 queries)."""
    return (
        Fellow.objects.for_program(program)
        .alumni()
        .select_related("program")
        .prefetch_related(
            Prefetch("positions", queryset=Position.objects.order_by("-start")),
            Prefetch("alumni_grants", queryset=AlumniGrant.objects.order_by("-year_awarded")),
            Prefetch(
                "outcome_surveys",
                queryset=OutcomeSurvey.objects.order_by("-created_at", "-id"),
                to_attr="surveys",
            ),
        )
        .order_by("-cohort_year", "last_name", "first_name")
    )
