"""A user's private iCalendar feed: their milestones, their mentees', grant deadlines, IDP
goals and thesis meetings (Outlook and Google Calendar subscribe to the URL); the program
staff also get every fellow's grant deadline and defense. Dates are all-day events; a
defense, which has a time, is a two-hour event.

Each user's feed has a secret URL (`calendar_feed_for` makes it on first use,
`calendar_feed_reset` replaces it and the old one stops working at once).
"""

import secrets
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from fellowship.accounts.models import ProgramRole
from fellowship.activity.services import activity_record
from fellowship.grants.models import ChecklistItem, GrantApplication
from fellowship.programs.models import Mentorship
from fellowship.thesis.models import CommitteeMeeting, Defense

from .models import CalendarFeed, DevelopmentGoal, Milestone


def feed_events(user, today=None):
    """(uid, day or datetime, summary, description) for everything the user should see
    (8 queries)."""
    today = today or timezone.localdate()
    mentee_ids = set(
        Mentorship.objects.in_force(on=today)
        .filter(faculty__user=user)
        .values_list("fellow_id", flat=True)
    )
    # The director and coordinator also follow every fellow's grant deadline and defense.
    staff_of = set(ProgramRole.objects.filter(user=user).values_list("program_id", flat=True))
    concerns = Q(fellow__user=user) | Q(fellow_id__in=mentee_ids)
    events = []
    for m in Milestone.objects.filter(concerns).select_related("template", "fellow"):
        own = m.fellow.user_id == user.pk
        title = m.template.name if own else f"{m.fellow.full_name}: {m.template.name}"
        state = f"done {m.done_on:%b %-d, %Y}" if m.done_on else "due"
        events.append(
            (
                f"milestone-{m.pk}",
                m.due_date,
                title,
                f"Milestone ({state}).",
            )
        )
    applications = GrantApplication.objects.filter(concerns | Q(fellow__program_id__in=staff_of))
    for a in applications.select_related("fellow"):
        own = a.fellow.user_id == user.pk
        who = "" if own else f"{a.fellow.full_name}: "
        events.append(
            (f"grant-{a.pk}", a.target_due_date, f"{who}{a.mechanism} due to NIH", a.title)
        )
    items = ChecklistItem.objects.filter(done=False, application__fellow__user=user).select_related(
        "application"
    )
    for item in items:
        events.append(
            (
                f"grant-item-{item.pk}",
                item.due_date,
                f"{item.get_component_display()} due",
                f"For the {item.application.mechanism} application: {item.application.title}",
            )
        )
    for goal in DevelopmentGoal.objects.filter(plan__fellow__user=user, done=False):
        events.append((f"idp-goal-{goal.pk}", goal.target_date, f"IDP goal: {goal.goal}", ""))
    # Thesis: defenses not yet held (the fellow's, mentees', and where the user sits on the
    # committee), and the date by which each thesis's next committee meeting is due.
    in_committee = Q(thesis__committee__faculty__user=user)
    defenses = (
        Defense.objects.filter(
            Q(thesis__fellow__user=user)
            | Q(thesis__fellow_id__in=mentee_ids)
            | in_committee
            | Q(thesis__fellow__program_id__in=staff_of)
        )
        .filter(outcome="")
        .select_related("thesis__fellow")
        .distinct()
    )
    for d in defenses:
        fellow = d.thesis.fellow
        who = "My" if fellow.user_id == user.pk else f"{fellow.full_name}:"
        events.append((f"defense-{d.pk}", d.starts_at, f"{who} thesis defense", d.place))
    meetings = (
        CommitteeMeeting.objects.filter(
            Q(thesis__fellow__user=user) | Q(thesis__fellow_id__in=mentee_ids) | in_committee,
            next_target_date__gte=today,
        )
        .select_related("thesis__fellow")
        .order_by("thesis_id", "-date")
        .distinct()
    )
    seen = set()
    for m in meetings:
        if m.thesis_id in seen:
            continue  # only the latest meeting says when the next one is due
        seen.add(m.thesis_id)
        fellow = m.thesis.fellow
        who = "" if fellow.user_id == user.pk else f"{fellow.full_name}: "
        events.append(
            (f"committee-next-{m.pk}", m.next_target_date, f"{who}thesis committee meeting due",
             f"The committee asked to meet again by this day (last met {m.date:%b %-d, %Y}).")
        )  # fmt: skip
    return sorted(events, key=lambda e: (_day(e[1]), e[0]))


def _day(when) -> date:
    return timezone.localdate(when) if isinstance(when, datetime) else when


def calendar_ics(user) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Fellowship//Progress calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Fellowship: milestones and deadlines")
    stamp = timezone.now()
    for uid, day, summary, description in feed_events(user):
        event = Event()
        event.add("uid", f"{uid}@fellowship")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        if isinstance(day, datetime):
            event.add("dtend", day + timedelta(hours=2))
            event.add("transp", "OPAQUE")
        else:
            event.add("dtend", day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        event.add("summary", summary)
        if description:
            event.add("description", description)
        cal.add_component(event)
    return cal.to_ical()


# The secret link --------------------------------------------------------------------------


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
        activity_record(
            actor=user,
            verb="calendar_feed.reset",
            target=feed,
            summary=f"Calendar link of {user} reset",
        )
    return feed
