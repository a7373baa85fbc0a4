"""Reminder digests: what each person hears about, once a day, never an item twice."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from fellowship.progress import milestones, plans, reminders
from fellowship.progress.models import Milestone, MilestoneTemplate, Phase, ReminderSent
from fellowship.progress.tasks import send_reminders

from .helpers import plan_for, templates_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)
BASE = "https://fellowship.example.edu"


@pytest.fixture
def due_soon(world):
    """Besides the defaults, a milestone at month 17: Nov 30, 2026 for the other fellow
    (no leave) and Jan 9, 2027 for the world fellow (40 days of leave)."""
    templates_for(world)
    template = MilestoneTemplate(
        program=world.program, name="Second paper drafted", phase=Phase.THESIS, due_months=17
    )
    milestones.milestone_template_save(template=template, by=world.director)
    return template


def digest_of(user, today=TODAY):
    return next((d for d in reminders.reminder_digests(today=today) if d.user == user), None)


def test_a_fellow_hears_about_their_overdue_and_due_soon_milestones(world, due_soon):
    digest = digest_of(world.other_fellow)
    texts = [i.text for i in digest.items]
    assert "Second paper drafted due Nov 30, 2026" in texts
    assert "Thesis committee formed was due Mar 31, 2026" in texts
    assert not any("Thesis defended" in t for t in texts)  # months away
    assert digest.subject == "Fellowship: 7 overdue, 1 due in the next 14 days"
    body = digest.body(BASE)
    assert body.index("Overdue:") < body.index("Due soon:")
    link = f"{BASE}/p/{world.program.slug}/progress/fellows/{world.other_fellow_record.pk}/"
    assert link in body


def test_done_milestones_and_former_fellows_are_left_out(world, due_soon):
    Milestone.objects.filter(fellow=world.other_fellow_record, due_date__lt=TODAY).update(
        done_on=TODAY
    )
    assert [i.text for i in digest_of(world.other_fellow).items] == [
        "Second paper drafted due Nov 30, 2026"
    ]
    world.other_fellow_record.status = "completed"
    world.other_fellow_record.save()
    assert digest_of(world.other_fellow) is None


def test_a_mentor_hears_about_mentees_and_plans_waiting_for_review(world, due_soon):
    plan = plan_for(world)
    plans.plan_transition(plan=plan, to="submitted", by=world.fellow)
    digest = digest_of(world.mentor)
    texts = [i.text for i in digest.items]
    assert "Fay Fellow's research plan is waiting for your review" in texts
    assert "Fay Fellow: Thesis committee formed was due May 10, 2026" in texts
    assert not any("Otto Other" in t for t in texts)  # not their mentee
    assert digest.subject == "Fellowship: 7 overdue, 1 waiting for you"
    body = digest.body(BASE)
    assert body.index("Overdue:") < body.index("Waiting for you:")
    assert f"{BASE}/p/{world.program.slug}/progress/fellows/{world.fellow_record.pk}/plan/" in body
    assert digest_of(world.director) is None and digest_of(world.unrelated_faculty) is None
    # The mentor's digest on Dec 27 has the world fellow's month-17 milestone due soon.
    assert "Fay Fellow: Second paper drafted due Jan 9, 2027" in [
        i.text for i in digest_of(world.mentor, date(2026, 12, 27)).items
    ]


def test_sending_twice_on_a_day_sends_nothing_new(world, due_soon):
    sent = reminders.reminders_send(today=TODAY, base_url=BASE)
    assert {d.user.email for d in sent} == {
        "fellow@test.org",
        "other.fellow@test.org",
        "mentor@test.org",
    }
    assert len(mail.outbox) == 3
    assert mail.outbox[0].subject.startswith("Fellowship: ")
    recorded = ReminderSent.objects.count()
    assert recorded == sum(len(d.items) for d in sent)
    # Again the same day, even with a new item due: nothing is sent twice.
    template = MilestoneTemplate(
        program=world.program, name="Poster", phase=Phase.THESIS, due_months=4
    )
    milestones.milestone_template_save(template=template, by=world.director)
    assert reminders.reminders_send(today=TODAY, base_url=BASE) == []
    assert len(mail.outbox) == 3 and ReminderSent.objects.count() == recorded
    # The next day, the digest comes again.
    assert len(reminders.reminders_send(today=date(2026, 11, 26), base_url=BASE)) == 3
    assert len(mail.outbox) == 6


def test_an_item_already_sent_today_is_not_repeated(world, due_soon):
    """If a digest was recorded for some items (another run), only the rest would go."""
    item = digest_of(world.other_fellow).items[0]
    ReminderSent.objects.create(user=world.other_fellow, day=TODAY, item=item.key)
    sent = reminders.reminders_send(today=TODAY, base_url=BASE)
    assert world.other_fellow not in [d.user for d in sent]


def test_a_dry_run_prints_the_digests_and_records_nothing(world, due_soon, capsys):
    call_command("reminders", "send", "--dry-run", "--base-url", BASE)
    out = capsys.readouterr().out
    assert "To: other.fellow@test.org" in out
    assert "Subject: Fellowship: 7 overdue, 1 due in the next 14 days" in out
    assert "Second paper drafted due Nov 30, 2026" in out
    assert "Would send 3 digests" in out
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_the_command_sends_and_rejects_a_bad_day(world, due_soon, capsys):
    call_command("reminders", "send", "--today", "2026-11-25")
    assert "Sent 3 digests" in capsys.readouterr().out and len(mail.outbox) == 3
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("reminders", "send", "--today", "25/11/2026")


def test_the_task_runs_the_same_job(world, due_soon, capsys):
    result = send_reminders.enqueue()
    assert result.return_value == 3 and len(mail.outbox) == 3
    call_command("reminders", "enqueue")
    assert "Queued the reminders task" in capsys.readouterr().out
    assert len(mail.outbox) == 3  # the same day: nothing twice
