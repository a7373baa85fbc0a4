"""Reads the thesis pages share; each page's query count does not grow with its rows."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.utils import timezone

from fellowship.activity.models import ActivityEntry
from fellowship.programs.models import Fellow, Mentorship

from .models import CommitteeMember, Defense, DefenseMember, Thesis

STATE_ORDER = {state: i for i, state in enumerate(Thesis.State)}


def _with_everything(qs):
    return qs.select_related("fellow__program", "fellow__laboratory").prefetch_related(
        Prefetch(
            "committee",
            queryset=CommitteeMember.objects.select_related(
                "faculty__institution"
            ).prefetch_related("faculty__laboratories"),
        ),
        Prefetch(
            "defenses",
            queryset=Defense.objects.prefetch_related(
                Prefetch(
                    "members", queryset=DefenseMember.objects.select_related("member__faculty")
                )
            ),
        ),
        "documents__uploaded_by",
        "papers",
    )


def thesis_for_fellow(program, fellow_id) -> Thesis | None:
    return _with_everything(
        Thesis.objects.filter(fellow__program=program, fellow_id=fellow_id)
    ).first()


def theses_table(program):
    """The director's table: (current fellows' theses, alumni's theses, current fellows with
    no thesis record yet). Theses by state along the road, then by the fellow's name."""
    theses = list(
        _with_everything(Thesis.objects.filter(fellow__program=program)).order_by(
            "fellow__last_name", "fellow__first_name"
        )
    )
    theses.sort(key=lambda t: STATE_ORDER.get(t.state, -1))  # stable: names stay in order
    current = [t for t in theses if t.fellow.status in Fellow.IN_TRAINING]
    alumni = [t for t in theses if t.fellow.status not in Fellow.IN_TRAINING]
    without = list(
        Fellow.objects.for_program(program)
        .in_training()
        .filter(thesis__isnull=True)
        .select_related("laboratory")
        .order_by("last_name", "first_name")
    )
    return current, alumni, without


def theses_for_member(program, faculty_id):
    """Theses the faculty member sits on, or mentors the fellow of."""
    mentors = Q(fellow__mentorships__in=Mentorship.objects.in_force().filter(faculty_id=faculty_id))
    qs = Thesis.objects.filter(fellow__program=program).filter(
        Q(committee__faculty_id=faculty_id) | mentors
    )
    return list(_with_everything(qs.distinct()).order_by("fellow__last_name"))


def public_defenses(program, now=None):
    """Defenses announced on the public site: confirmed by every member, upcoming first,
    then the last year's."""
    now = now or timezone.now()
    defenses = (
        Defense.objects.filter(
            thesis__fellow__program=program, starts_at__gte=now - timedelta(days=365)
        )
        .exclude(members__confirmed_at__isnull=True)
        .filter(members__isnull=False)
        .distinct()
        .select_related("thesis__fellow__laboratory")
        .prefetch_related("members__member__faculty", "thesis__documents")
        .order_by("starts_at")
    )
    defenses = list(defenses)
    upcoming = [d for d in defenses if d.starts_at >= now]
    past = [d for d in reversed(defenses) if d.starts_at < now]
    return upcoming, past


def thesis_log(thesis, limit=40):
    return (
        ActivityEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(Thesis), target_id=thesis.pk
        )
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
