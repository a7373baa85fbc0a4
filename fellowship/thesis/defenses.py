"""The defense of a thesis: what entering its states does, and the committee's part.

`ENTER` holds the hooks `services.thesis_transition` runs: scheduling (a new attempt, or
rescheduling the scheduled one), recording the outcome, and the step back to in progress
(cancelling the defense, or preparing the second attempt); the step's blocker
(`workflow.step_blocker`) has been checked before a hook runs. Each committee member confirms
the date and signs off the outcome (`defense_confirm`, `defense_sign_off`); once all have
confirmed, the director may send the announcement to the news.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fellowship.accounts.rules import require as _require
from fellowship.activity.services import activity_record
from fellowship.core.mail import send_after_commit
from fellowship.core.site import site_url

from .models import Defense, DefenseMember
from .workflow import Outcome, State, day_text, is_announced, latest_defense, when_where


def _log(by, target, verb: str, summary: str):
    activity_record(actor=by, verb=verb, target=target, summary=summary)


# Entering a state ---------------------------------------------------------------------------


def _enter_defense_scheduled(thesis, *, step, by, starts_at=None, room="", video_link="", **kw):
    """A new defense attempt; every committee member is asked to confirm the date."""
    if thesis.state == State.DEFENSE_SCHEDULED:
        return _reschedule(
            thesis, by=by, starts_at=starts_at, room=room, video_link=video_link, **kw
        )
    previous = latest_defense(thesis)
    if previous is not None and previous.outcome != Outcome.FAIL:
        raise ValidationError("This thesis already has a defense on record.")
    attempt = previous.attempt + 1 if previous else 1
    if attempt > 2:
        raise ValidationError("A thesis may be defended at most twice.")
    starts_at = _moment(starts_at)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "The defense must be scheduled in the future."})
    defense = Defense(
        thesis=thesis,
        attempt=attempt,
        starts_at=starts_at,
        room=(room or "").strip(),
        video_link=(video_link or "").strip(),
    )
    defense.full_clean()
    defense.save()
    members = list(thesis.committee.all())
    DefenseMember.objects.bulk_create(DefenseMember(defense=defense, member=m) for m in members)
    when = timezone.localtime(starts_at)
    return f"attempt {attempt} on {when:%b %-d, %Y at %H:%M}, {defense.place}"


def _moment(value) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                {"starts_at": "Write the date and time as YYYY-MM-DD HH:MM."}
            ) from None
    if not isinstance(value, datetime):
        raise ValidationError({"starts_at": "Give the date and time of the defense."})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _enter_defended(thesis, *, step, by, outcome="", note="", **_):
    """From a scheduled defense: the chair records the outcome. From revisions submitted:
    the chair asks for more revisions (the outcome stands)."""
    if thesis.state == State.REVISIONS_SUBMITTED:
        return "more revisions asked for"
    defense = latest_defense(thesis)
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise ValidationError(
            {"outcome": "Choose the outcome: pass, pass with revisions or fail."}
        ) from None
    defense.outcome = outcome
    defense.outcome_note = (note or "").strip()
    defense.outcome_recorded_at = timezone.now()
    defense.full_clean()
    defense.save()
    # The chair signs off in recording it; every other member signs off themself.
    DefenseMember.objects.filter(defense=defense, member__faculty__user=by).update(
        signed_off_at=timezone.now()
    )
    return f"outcome of attempt {defense.attempt}: {outcome.label.lower()}"


def _enter_in_progress(thesis, *, step, by, note="", **_):
    if thesis.state == State.DEFENSE_SCHEDULED:
        return _cancel(thesis, by=by, reason=note)
    if thesis.state == State.DEFENDED:
        return "a second defense is prepared"
    return ""


def _reschedule(thesis, *, by, starts_at, room, video_link, note="", **_) -> str:
    """New date, time or place for the scheduled defense, before it is held. Every member
    confirms again, so the public announcement waits for them; they are told by email."""
    defense = latest_defense(thesis)
    now = timezone.now()
    starts_at = _moment(starts_at)
    if starts_at <= now:
        raise ValidationError({"starts_at": "The defense must be rescheduled to the future."})
    room, video_link = (room or "").strip(), (video_link or "").strip()
    if (starts_at, room, video_link) == (defense.starts_at, defense.room, defense.video_link):
        raise ValidationError("Nothing changed: give a new date, time, room or video link.")
    old = when_where(defense)
    news_was_posted = defense.news_posted
    defense.starts_at, defense.room, defense.video_link = starts_at, room, video_link
    defense.reschedules += 1
    defense.news_posted = False  # the director may announce the new date once confirmed
    defense.full_clean()
    defense.save()
    defense.members.update(confirmed_at=None)
    new = when_where(defense)
    reason = (note or "").strip()
    _tell_committee(
        thesis,
        subject=f"Thesis defense of {thesis.fellow.full_name} rescheduled: please confirm again",
        body=(
            f"The defense of {thesis.fellow.full_name}'s Master's thesis"
            f"{_titled(thesis)} has been rescheduled by {by.get_full_name()}.\n\n"
            f"  Was: {old}\n  Now: {new}\n"
            + (f"\nReason: {reason}\n" if reason else "")
            + "\nEvery committee member is asked to confirm the new date on the thesis page "
            "(the chair or the director can record it for you):\n\n"
            f"  {_link(thesis)}\n\n"
            "The public announcement is withdrawn until everyone has confirmed.\n"
        ),
    )
    stale_news = (
        "; the news item sent for the old date should be corrected in News"
        if news_was_posted
        else ""
    )
    return (
        f"defense rescheduled from {old} to {new}; every member is asked to confirm again"
        + stale_news
    )


def _cancel(thesis, *, by, reason: str) -> str:
    """The scheduled defense is called off (the thesis goes back to in progress). The
    attempt is removed, so the next scheduling is the same attempt; the history keeps it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"note": "Give the reason for cancelling the defense; the committee is told it."}
        )
    defense = latest_defense(thesis)
    said = when_where(defense)
    _tell_committee(
        thesis,
        subject=f"Thesis defense of {thesis.fellow.full_name} cancelled",
        body=(
            f"The defense of {thesis.fellow.full_name}'s Master's thesis{_titled(thesis)}, "
            f"set for {said}, has been cancelled by {by.get_full_name()}.\n\n"
            f"Reason: {reason}\n\n"
            "A new date will be scheduled and sent to you for confirmation. The thesis page:\n\n"
            f"  {_link(thesis)}\n"
        ),
    )
    news = "; its news item should be withdrawn in News" if defense.news_posted else ""
    defense.delete()
    return f"the defense of {said} is cancelled{news}"


def _titled(thesis) -> str:
    return f", “{thesis.title}”," if thesis.title else ""


def _link(thesis) -> str:
    return site_url().rstrip("/") + thesis.get_absolute_url()


def _tell_committee(thesis, *, subject: str, body: str) -> None:
    """Email every committee member and the fellow, once the change is committed."""
    members = thesis.committee.select_related("faculty")
    emails = [m.faculty.email if m.faculty_id else m.email for m in members]
    emails.append(thesis.fellow.email)
    send_after_commit(subject=subject, body=body, to=emails)


ENTER = {
    State.DEFENSE_SCHEDULED: _enter_defense_scheduled,
    State.DEFENDED: _enter_defended,
    State.IN_PROGRESS: _enter_in_progress,
}


# Defense: confirmation, sign-off, announcement ---------------------------------------------


def _act_for_member(by, seat: DefenseMember, thesis) -> str:
    """'' when the member acts themself, else 'for <name>' when the chair or the director
    records it for them (external members have no login); refused otherwise."""
    faculty = seat.member.faculty
    if faculty is not None and faculty.user_id is not None and faculty.user_id == by.pk:
        return ""
    if by.has_perm("thesis.schedule_defense", thesis):
        return f" for {seat.member.display_name}"
    raise PermissionDenied("Only the member themself, the chair or the director may do this.")


def _seat_for(seat: DefenseMember, by):
    """The seat locked, its thesis, and for whom `by` acts (refused if for nobody)."""
    seat = (
        DefenseMember.objects.select_for_update(of=("self",))  # member__faculty is nullable
        .select_related("defense__thesis__fellow", "member__faculty")
        .get(pk=seat.pk)
    )
    thesis = seat.defense.thesis
    return seat, thesis, _act_for_member(by, seat, thesis)


def _recorded_by(by, on_behalf: str) -> str:
    return f" (recorded by {by.get_full_name()})" if on_behalf else ""


@transaction.atomic
def defense_confirm(*, seat: DefenseMember, by) -> DefenseMember:
    """A committee member confirms the defense date."""
    seat, thesis, on_behalf = _seat_for(seat, by)
    if thesis.state != State.DEFENSE_SCHEDULED or seat.defense.outcome:
        raise ValidationError("This defense is no longer waiting for confirmations.")
    if seat.confirmed_at:
        return seat
    seat.confirmed_at = timezone.now()
    seat.save(update_fields=["confirmed_at"])
    _log(
        by,
        thesis,
        "defense.confirmed",
        f"{seat.member.display_name} confirmed the defense date{_recorded_by(by, on_behalf)}",
    )
    return seat


@transaction.atomic
def defense_sign_off(*, seat: DefenseMember, by) -> DefenseMember:
    """A committee member signs off the outcome the chair recorded."""
    seat, thesis, on_behalf = _seat_for(seat, by)
    if not seat.defense.outcome:
        raise ValidationError("The chair has not recorded the outcome yet.")
    if seat.signed_off_at:
        return seat
    seat.signed_off_at = timezone.now()
    seat.save(update_fields=["signed_off_at"])
    _log(
        by,
        thesis,
        "defense.signed_off",
        f"{seat.member.display_name} signed off the outcome "
        f"({seat.defense.get_outcome_display().lower()}){_recorded_by(by, on_behalf)}",
    )
    return seat


@transaction.atomic
def defense_post_news(*, defense: Defense, by):
    """The director turns the public announcement into a draft news item (news app)."""
    from fellowship.news.services import news_suggest_for_defense

    thesis = defense.thesis
    _require(by, "thesis.publish", thesis)
    if not is_announced(defense):
        raise ValidationError(
            "The defense is announced (and can be news) once every member has confirmed it."
        )
    day = timezone.localtime(defense.starts_at).date()
    post, created = news_suggest_for_defense(
        fellow=thesis.fellow, day=day, thesis_title=thesis.title, by=by
    )
    defense.news_posted = True
    defense.save(update_fields=["news_posted"])
    _log(
        by, thesis, "defense.news", f"Defense on {day_text(day)} sent to the news as “{post.title}”"
    )
    return post, created
