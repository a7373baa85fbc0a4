"""The daily reminder digests: fellows hear about their milestones due soon or overdue,
mentors about their mentees' milestones and the plans and IDPs waiting for them (the same
rule as the dashboard's "Waiting for you": progress.waiting). Idempotent through one
`ReminderSent` row per (user, day, item).
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from fellowship.core.site import site_url
from fellowship.programs.models import Fellow, Mentorship

from . import waiting
from .models import Milestone, ReminderSent

REMINDER_DAYS = 14


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
        Mentorship.objects.in_force(on=today)
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
