"""Every write about a thesis: permission-checked, validated, in one transaction, logged.

A thesis's state changes only in `thesis_transition`:

    planning -> committee proposed -> committee approved -> proposal submitted
        ^               |                      ^                   |
        +--(sent back)--+                      +---(changes)-------+
                                                                   v
    in progress <- proposal approved <---------------------- (approved)
        |     ^
        v     +--- (a first defense failed: one more attempt)
    defense scheduled -> defended (pass | pass with revisions | fail)
                           |  pass                 | with revisions
                           |                       v
                           |              revisions submitted -> (more changes) -> defended
                           v                       |
                      final submitted <------------+ (chair accepts)
                           |
                           v
                        complete

Each step names who may take it (`STEPS`): the fellow, a mentor, the committee chair, the
director. The committee rules (`committee_problems`) are checked when the committee is
proposed and again when the director approves it.
"""

from dataclasses import dataclass
from datetime import date, datetime

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from fellowship.accounts.rules import require as _require
from fellowship.activity.services import activity_record
from fellowship.core.site import site_url
from fellowship.core.uploads import DOC, DOCX, ODT, PDF, check_pdf, check_upload
from fellowship.programs.models import Fellow, Mentorship
from fellowship.programs.selectors import current_mentorships

from . import events
from .models import (
    CommitteeMeeting,
    CommitteeMember,
    Defense,
    DefenseMember,
    Thesis,
    ThesisDocument,
    ThesisPaper,
)

State = Thesis.State
Role = CommitteeMember.Role
Outcome = Defense.Outcome

MAX_DOCUMENT_BYTES = 40 * 1024 * 1024
MAX_REPORT_BYTES = 20 * 1024 * 1024
REPORT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "application/msword": "Word (DOC)",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
}


@dataclass(frozen=True)
class Step:
    """One step of the workflow: where it goes, what its button says, who may take it."""

    to: str
    action: str
    permission: str
    who: str  # in words, for "who must act"
    # A change of course (reschedule, cancel) rather than a step forward: offered where it
    # applies (the defense card), not under "what is next".
    aside: bool = False
    # Whose "Waiting for you" panel shows this step when it is the thesis's next one
    # (thesis/waiting.py): "fellow", "committee" (a member whose seat lets them take it) or
    # "director"; "" for steps that "the fellow or the mentor" take at their own pace.
    waits_on: str = ""
    waiting: str = ""  # the panel's words, when not the button's


STEPS: dict[str, tuple[Step, ...]] = {
    State.PLANNING: (
        Step(
            State.COMMITTEE_PROPOSED,
            "Propose the committee",
            "thesis.propose_committee",
            "the fellow or the mentor",
        ),
    ),
    State.COMMITTEE_PROPOSED: (
        Step(
            State.COMMITTEE_APPROVED,
            "Approve the committee",
            "thesis.approve_committee",
            "the director",
            waits_on="director",
            waiting="Approve the thesis committee",
        ),
        Step(
            State.PLANNING,
            "Send the committee back",
            "thesis.approve_committee",
            "the director",
        ),
    ),
    State.COMMITTEE_APPROVED: (
        Step(
            State.PROPOSAL_SUBMITTED,
            "Submit the proposal",
            "thesis.submit_proposal",
            "the fellow",
            waits_on="fellow",
            waiting="Submit your thesis proposal to your committee chair",
        ),
    ),
    State.PROPOSAL_SUBMITTED: (
        Step(
            State.PROPOSAL_APPROVED,
            "Approve the proposal",
            "thesis.review_proposal",
            "the committee chair",
            waits_on="committee",
        ),
        Step(
            State.COMMITTEE_APPROVED,
            "Ask for changes to the proposal",
            "thesis.review_proposal",
            "the committee chair",
        ),
    ),
    State.PROPOSAL_APPROVED: (
        Step(
            State.IN_PROGRESS,
            "Start the research",
            "thesis.start_research",
            "the fellow or the mentor",
        ),
    ),
    State.IN_PROGRESS: (
        Step(
            State.DEFENSE_SCHEDULED,
            "Schedule the defense",
            "thesis.schedule_defense",
            "the committee chair or the director",
            waits_on="committee",
        ),
    ),
    State.DEFENSE_SCHEDULED: (
        Step(
            State.DEFENDED,
            "Record the outcome",
            "thesis.record_outcome",
            "the committee chair",
            waits_on="committee",
        ),
        Step(
            State.DEFENSE_SCHEDULED,
            "Reschedule the defense",
            "thesis.reschedule_defense",
            "the director or the committee chair",
            aside=True,
        ),
        Step(
            State.IN_PROGRESS,
            "Cancel the defense",
            "thesis.cancel_defense",
            "the director or the committee chair",
            aside=True,
        ),
    ),
    State.DEFENDED: (
        Step(
            State.REVISIONS_SUBMITTED,
            "Submit the revised thesis",
            "thesis.submit_document",
            "the fellow",
        ),
        Step(
            State.FINAL_SUBMITTED,
            "Submit the final thesis",
            "thesis.submit_document",
            "the fellow",
        ),
        Step(
            State.IN_PROGRESS,
            "Prepare the second defense",
            "thesis.schedule_defense",
            "the committee chair or the director",
            waits_on="committee",
        ),
    ),
    State.REVISIONS_SUBMITTED: (
        Step(
            State.FINAL_SUBMITTED,
            "Accept the revisions",
            "thesis.accept_revisions",
            "the committee chair",
            waits_on="committee",
        ),
        Step(
            State.DEFENDED,
            "Ask for more revisions",
            "thesis.accept_revisions",
            "the committee chair",
        ),
    ),
    State.FINAL_SUBMITTED: (
        Step(
            State.COMPLETE,
            "Mark the thesis complete",
            "thesis.complete",
            "the director",
            waits_on="director",
        ),
    ),
    State.COMPLETE: (),
}


def _log(by, target, verb: str, summary: str):
    activity_record(actor=by, verb=verb, target=target, summary=summary)


def _day(value: date) -> str:
    return f"{value:%b %-d, %Y}"


# Reading the workflow ----------------------------------------------------------------------


def latest_defense(thesis: Thesis) -> Defense | None:
    """The latest attempt (uses a prefetched `defenses` when there is one)."""
    defenses = list(thesis.defenses.all())
    return max(defenses, key=lambda d: d.attempt) if defenses else None


def _seat_name(seat: DefenseMember, viewer) -> str:
    """The member's name, or "you" to the member themself."""
    faculty = seat.member.faculty
    if viewer is not None and faculty is not None and faculty.user_id == viewer.pk:
        return "you"
    return seat.member.display_name


def step_blocker(thesis: Thesis, step: Step, viewer=None) -> str:
    """Why this step cannot be taken now (a sentence), or "" when it can. Told to `viewer`,
    a waiting member is "you"."""
    to = step.to
    state = thesis.state
    defense = latest_defense(thesis) if state in (State.DEFENSE_SCHEDULED, State.DEFENDED) else None
    if to == State.COMMITTEE_PROPOSED or (
        to == State.COMMITTEE_APPROVED and state == State.COMMITTEE_PROPOSED
    ):
        problems = committee_problems(thesis)
        return " ".join(problems)
    if to == State.PROPOSAL_SUBMITTED:
        missing = [
            name
            for name, value in (("a title", thesis.title), ("the proposal", thesis.proposal))
            if not value.strip()
        ]
        return f"Write {' and '.join(missing)} first." if missing else ""
    if state == State.IN_PROGRESS and to == State.DEFENSE_SCHEDULED:
        return _document_blocker(thesis)
    if state == State.DEFENSE_SCHEDULED and to == State.DEFENDED:
        waiting = [_seat_name(m, viewer) for m in defense.members.all() if not m.confirmed_at]
        if waiting:
            return "Waiting for the committee to confirm the date: " + ", ".join(waiting) + "."
        if defense.starts_at > timezone.now():
            day = _day(timezone.localtime(defense.starts_at))
            return f"The defense is on {day}; record the outcome after it."
        return ""
    if state == State.DEFENSE_SCHEDULED and to == State.DEFENSE_SCHEDULED:
        if defense.starts_at <= timezone.now():
            return (
                f"The defense was set for {_when_where(defense)}; record its outcome, or "
                "cancel it (with the reason) and schedule it again."
            )
        return ""
    if state == State.DEFENDED:
        if defense is None:
            return "There is no defense on record."
        unsigned = [_seat_name(m, viewer) for m in defense.members.all() if not m.signed_off_at]
        if to == State.IN_PROGRESS:
            if defense.outcome != Outcome.FAIL:
                return "Only a failed defense is defended again."
            if defense.attempt >= 2:
                return "A thesis may be defended at most twice."
        elif to == State.REVISIONS_SUBMITTED and defense.outcome != Outcome.PASS_WITH_REVISIONS:
            return "Revisions follow a pass with revisions."
        elif to == State.FINAL_SUBMITTED and defense.outcome != Outcome.PASS:
            return "The final thesis follows a pass (or the chair's acceptance of the revisions)."
        if unsigned:
            return "Waiting for the committee to sign off the outcome: " + ", ".join(unsigned) + "."
        if to in (State.REVISIONS_SUBMITTED, State.FINAL_SUBMITTED):
            if not _document_since(thesis, defense.outcome_recorded_at):
                return "Upload the thesis (PDF) first."
    return ""


def _document_blocker(thesis: Thesis) -> str:
    """The committee reads the thesis before it is defended: a defense is scheduled only once
    a version is uploaded (for a second attempt, one uploaded since the failed defense)."""
    failed = latest_defense(thesis)
    since = failed.outcome_recorded_at if failed is not None else None
    if _document_since(thesis, since):
        return ""
    if failed is not None:
        return (
            "Upload the revised thesis (PDF) before scheduling the second defense: the "
            "committee reads it first."
        )
    return (
        "Upload the thesis (PDF) before scheduling the defense: the committee reads it "
        "first (the fellow uploads it under “Thesis document”)."
    )


def _document_since(thesis, moment) -> ThesisDocument | None:
    docs = [d for d in thesis.documents.all() if moment is None or d.uploaded_at >= moment]
    return max(docs, key=lambda d: d.version) if docs else None


def steps_for(thesis: Thesis) -> list[Step]:
    """The steps that make sense from here (for "what is next")."""
    steps = [s for s in STEPS[State(thesis.state)] if not s.aside]
    if thesis.state == State.DEFENDED:
        defense = latest_defense(thesis)
        outcome = defense.outcome if defense else ""
        wanted = {
            Outcome.PASS: State.FINAL_SUBMITTED,
            Outcome.PASS_WITH_REVISIONS: State.REVISIONS_SUBMITTED,
            Outcome.FAIL: State.IN_PROGRESS if defense and defense.attempt < 2 else None,
        }.get(outcome)
        steps = [s for s in steps if s.to == wanted]
    return steps


# Committee rules ---------------------------------------------------------------------------


def primary_mentor(fellow: Fellow, today: date | None = None):
    current = current_mentorships(today).filter(fellow=fellow, kind=Mentorship.Kind.PRIMARY)
    mentorship = current.first()
    return mentorship.faculty if mentorship else None


def committee_problems(thesis: Thesis) -> list[str]:
    """What keeps the committee from meeting the program's rules, one sentence each."""
    members = list(
        thesis.committee.select_related("faculty").prefetch_related("faculty__laboratories")
    )
    problems = []
    chairs = [m for m in members if m.role == Role.CHAIR]
    if not chairs:
        problems.append("The committee needs a chair.")
    elif len(chairs) > 1:
        names = ", ".join(m.display_name for m in chairs)
        problems.append(f"The committee has {len(chairs)} chairs ({names}); it needs exactly one.")
    elif chairs[0].is_external:
        problems.append("The chair must be faculty of the program (the chair records the outcome).")
    mentor = primary_mentor(thesis.fellow)
    if mentor is None:
        problems.append(f"{thesis.fellow.full_name} has no current primary mentor on record.")
    elif not any(m.faculty_id == mentor.pk for m in members):
        problems.append(f"The primary mentor, {mentor.display_name}, must be on the committee.")
    lab_id = thesis.fellow.laboratory_id
    if not any(_from_another_lab(m, lab_id) for m in members):
        lab = thesis.fellow.laboratory.name if lab_id else "the fellow's laboratory"
        problems.append(f"At least one member must come from outside {lab}.")
    return problems


def _from_another_lab(member: CommitteeMember, lab_id) -> bool:
    if member.is_external:
        return True
    labs = {lab.pk for lab in member.faculty.laboratories.all()}
    return lab_id is None or lab_id not in labs


def _committee_open(thesis: Thesis) -> None:
    if thesis.state != State.PLANNING:
        raise ValidationError(
            f"The committee is {thesis.get_state_display().lower()}; it can be changed only in "
            "planning (the director can send a proposed committee back)."
        )


# Thesis record -----------------------------------------------------------------------------


@transaction.atomic
def thesis_start(*, fellow: Fellow, by) -> Thesis:
    """Open the fellow's thesis record, in planning."""
    _require(by, "thesis.start_thesis", fellow)
    if Thesis.objects.filter(fellow=fellow).exists():
        raise ValidationError(f"{fellow.full_name} already has a thesis record.")
    thesis = Thesis(fellow=fellow)
    thesis.full_clean()
    thesis.save()
    _log(by, thesis, "thesis.started", f"Thesis record opened for {fellow.full_name}")
    events.thesis_state_changed.send(thesis=thesis, by=by)
    return thesis


@transaction.atomic
def thesis_save(
    *, thesis: Thesis, by, title: str, abstract: str, form: str, proposal: str
) -> Thesis:
    """Title, abstract, form and proposal. The proposal is frozen once submitted."""
    _require(by, "thesis.edit_thesis", thesis)
    if thesis.state == State.COMPLETE:
        raise ValidationError("The thesis is complete; its record can no longer be edited.")
    proposal = (proposal or "").strip()
    if thesis.state == State.PROPOSAL_SUBMITTED and proposal != thesis.proposal:
        raise ValidationError(
            {"proposal": "The proposal is with the committee; wait for its review."}
        )
    thesis.title = (title or "").strip()
    thesis.abstract = (abstract or "").strip()
    thesis.form = form
    thesis.proposal = proposal
    thesis.full_clean()
    thesis.save()
    _log(by, thesis, "thesis.edited", f"Thesis record edited: {thesis}")
    return thesis


@transaction.atomic
def thesis_paper_save(*, paper: ThesisPaper, by) -> ThesisPaper:
    _require(by, "thesis.edit_thesis", paper.thesis)
    if paper.thesis.form != Thesis.Form.PAPERS:
        raise ValidationError(
            "Papers are listed for a thesis of linked papers; change the form first."
        )
    paper.citation = (paper.citation or "").strip()
    creating = paper.pk is None
    paper.full_clean()
    paper.save()
    said = "added" if creating else "updated"
    _log(by, paper.thesis, f"thesis_paper.{said}", f"Thesis paper {said}: {paper}")
    return paper


@transaction.atomic
def thesis_paper_remove(*, paper: ThesisPaper, by) -> None:
    _require(by, "thesis.edit_thesis", paper.thesis)
    _log(by, paper.thesis, "thesis_paper.removed", f"Thesis paper removed: {paper}")
    paper.delete()


@transaction.atomic
def committee_member_add(*, member: CommitteeMember, by) -> CommitteeMember:
    """Add a member (faculty of the program, or an external person) while in planning."""
    thesis = member.thesis
    _require(by, "thesis.edit_thesis", thesis)
    _committee_open(thesis)
    if member.faculty_id:
        member.name, member.email, member.institution = "", "", ""
    else:
        member.name, member.email = member.name.strip(), member.email.strip().lower()
        member.institution = member.institution.strip()
    member.full_clean()
    member.save()
    _log(by, thesis, "committee.member_added", f"Committee member added: {member}")
    return member


@transaction.atomic
def committee_member_remove(*, member: CommitteeMember, by) -> None:
    thesis = member.thesis
    _require(by, "thesis.edit_thesis", thesis)
    _committee_open(thesis)
    _log(by, thesis, "committee.member_removed", f"Committee member removed: {member}")
    member.delete()


# The one transition function ---------------------------------------------------------------


def thesis_transition(*, thesis: Thesis, to: str, by, note: str = "", **details) -> Thesis:
    """Move a thesis to state `to`: the only place a thesis's state changes.

    details: `starts_at=`, `room=`, `video_link=` when scheduling a defense, and when
    rescheduling it (`to` is then "defense_scheduled" again); `outcome=` when recording the
    outcome. Cancelling a scheduled defense is the step back to "in_progress", with the
    reason as `note`.
    """
    with transaction.atomic():
        thesis = (
            # of=self: PostgreSQL cannot lock the nullable side of an outer join (the lab).
            Thesis.objects.select_for_update(of=("self",))
            .select_related("fellow__program", "fellow__laboratory")
            .get(pk=thesis.pk)
        )
        try:
            to = State(to)
        except ValueError:
            raise ValidationError({"state": f"{to!r} is not a thesis state."}) from None
        step = next((s for s in STEPS[State(thesis.state)] if s.to == to), None)
        if step is None:
            raise ValidationError(
                {
                    "state": f"A thesis that is {thesis.get_state_display().lower()} cannot "
                    f"become {to.label.lower()}."
                }
            )
        _require(by, step.permission, thesis)
        before = thesis.get_state_display()
        enter = ENTER.get(to)
        summary = enter(thesis, step=step, by=by, note=note, **details) if enter else ""
        if not summary:
            blocker = step_blocker(thesis, step)
            if blocker:
                raise ValidationError(blocker)
        note = (note or "").strip()
        if to == thesis.state:  # rescheduling: the state and its days stay as they were
            verb, change = "thesis.defense_rescheduled", f"{thesis}: {summary}"
        else:
            thesis.state = to
            thesis.state_changed_at = timezone.now()
            thesis.full_clean()
            thesis.save()
            verb = f"thesis.{to}"
            change = f"{thesis}: {before} → {thesis.get_state_display()}" + (
                f" ({summary})" if summary else ""
            )
        _log(by, thesis, verb, change + (f". Note: {note}" if note else ""))
        events.thesis_state_changed.send(thesis=thesis, by=by)
    return thesis


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
    missing = _document_blocker(thesis)
    if missing:
        raise ValidationError(missing)
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
    blocker = step_blocker(thesis, step)
    if blocker:
        raise ValidationError(blocker)
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
        blocker = step_blocker(thesis, step)
        if blocker:
            raise ValidationError(blocker)
        return "a second defense is prepared"
    return ""


def _when_where(defense: Defense) -> str:
    when = timezone.localtime(defense.starts_at)
    return f"{when:%b %-d, %Y at %H:%M}, {defense.place}"


def _reschedule(thesis, *, by, starts_at, room, video_link, note="", **_) -> str:
    """New date, time or place for the scheduled defense, before it is held. Every member
    confirms again, so the public announcement waits for them; they are told by email."""
    defense = latest_defense(thesis)
    now = timezone.now()
    blocker = step_blocker(thesis, next(s for s in STEPS[thesis.state] if s.to == thesis.state))
    if blocker:
        raise ValidationError(blocker)
    starts_at = _moment(starts_at)
    if starts_at <= now:
        raise ValidationError({"starts_at": "The defense must be rescheduled to the future."})
    room, video_link = (room or "").strip(), (video_link or "").strip()
    if (starts_at, room, video_link) == (defense.starts_at, defense.room, defense.video_link):
        raise ValidationError("Nothing changed: give a new date, time, room or video link.")
    old = _when_where(defense)
    news_was_posted = defense.news_posted
    defense.starts_at, defense.room, defense.video_link = starts_at, room, video_link
    defense.reschedules += 1
    defense.news_posted = False  # the director may announce the new date once confirmed
    defense.full_clean()
    defense.save()
    defense.members.update(confirmed_at=None)
    new = _when_where(defense)
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
    said = _when_where(defense)
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
    recipients = list(dict.fromkeys(e for e in emails if e))

    def send():
        for email in recipients:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])

    transaction.on_commit(send)


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


def _recorded_by(by, on_behalf: str) -> str:
    return f" (recorded by {by.get_full_name()})" if on_behalf else ""


@transaction.atomic
def defense_confirm(*, seat: DefenseMember, by) -> DefenseMember:
    """A committee member confirms the defense date."""
    seat = (
        DefenseMember.objects.select_for_update(of=("self",))  # member__faculty is nullable
        .select_related("defense__thesis__fellow", "member__faculty")
        .get(pk=seat.pk)
    )
    thesis = seat.defense.thesis
    on_behalf = _act_for_member(by, seat, thesis)
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
    seat = (
        DefenseMember.objects.select_for_update(of=("self",))  # member__faculty is nullable
        .select_related("defense__thesis__fellow", "member__faculty")
        .get(pk=seat.pk)
    )
    thesis = seat.defense.thesis
    on_behalf = _act_for_member(by, seat, thesis)
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


def is_announced(defense: Defense) -> bool:
    """Public only once scheduled and confirmed by every member (uses prefetched members)."""
    seats = list(defense.members.all())
    return bool(seats) and all(s.confirmed_at for s in seats)


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
    _log(by, thesis, "defense.news", f"Defense on {_day(day)} sent to the news as “{post.title}”")
    return post, created


# Committee meetings ------------------------------------------------------------------------


def _check_report_file(upload) -> str:
    name = getattr(upload, "name", "the file")
    if upload.size > MAX_REPORT_BYTES:
        raise ValidationError(
            {
                "report_file": f"“{name}” is {upload.size / 1048576:.1f} MB; "
                f"the limit is {MAX_REPORT_BYTES // 1048576} MB."
            }
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in REPORT_TYPES:
        found = f"its content is {kind.mime}" if kind else "its content is not a known document"
        raise ValidationError(
            {
                "report_file": f"“{name}” is not a report document ({found}). "
                "Upload a PDF, Word or OpenDocument file."
            }
        )
    return kind.mime


MEETING_STATES = (
    State.PROPOSAL_SUBMITTED,
    State.PROPOSAL_APPROVED,
    State.IN_PROGRESS,
    State.COMMITTEE_APPROVED,
    State.DEFENSE_SCHEDULED,
)


@transaction.atomic
def meeting_save(
    *, meeting: CommitteeMeeting, attendees, by, report_upload=None
) -> CommitteeMeeting:
    """Record a committee meeting: attendees, the fellow's report, feedback, next target."""
    thesis = meeting.thesis
    _require(by, "thesis.record_meeting", thesis)
    if meeting.pk is None and thesis.state not in MEETING_STATES:
        raise ValidationError(
            f"Committee meetings are recorded once the committee is approved and until the "
            f"defense; this thesis is {thesis.get_state_display().lower()}."
        )
    committee_ids = {m.pk for m in thesis.committee.all()}
    if any(a.pk not in committee_ids for a in attendees):
        raise ValidationError({"attendees": "Attendees must be members of this committee."})
    if not attendees:
        raise ValidationError({"attendees": "Tick the committee members who attended."})
    if meeting.date and meeting.date > timezone.localdate():
        raise ValidationError({"date": "Record a meeting once it has taken place."})
    if report_upload:
        check_upload(
            report_upload,
            field="report_file",
            limit=MAX_REPORT_BYTES,
            types=(PDF, DOCX, DOC, ODT),
            what="a report document",
        )
    if not (meeting.report.strip() or report_upload or meeting.report_file):
        raise ValidationError({"report": "Write the fellow's progress report or upload it."})
    meeting.recorded_by = by
    meeting.full_clean(exclude=["report_file"])
    if report_upload:
        meeting.report_file_name = report_upload.name[:200]
        meeting.report_file.save(report_upload.name, report_upload, save=False)
    creating = meeting.pk is None
    meeting.save()
    meeting.attendees.set(attendees)
    said = "recorded" if creating else "edited"
    nxt = f"; next by {_day(meeting.next_target_date)}" if meeting.next_target_date else ""
    _log(
        by,
        thesis,
        f"committee_meeting.{said}",
        f"{meeting} {said}: {meeting.get_recommendation_display().lower()}{nxt}",
    )
    return meeting


# Documents ---------------------------------------------------------------------------------


def max_document_bytes() -> int:
    return getattr(settings, "THESIS_MAX_DOCUMENT_BYTES", MAX_DOCUMENT_BYTES)


DOCUMENT_STATES = (
    State.IN_PROGRESS,
    State.DEFENSE_SCHEDULED,
    State.DEFENDED,
)


@transaction.atomic
def document_upload(*, thesis: Thesis, upload, by, note: str = "") -> ThesisDocument:
    """A new version of the thesis (PDF, checked by content and size); every version is kept."""
    _require(by, "thesis.submit_document", thesis)
    thesis = Thesis.objects.select_for_update().get(pk=thesis.pk)
    if thesis.state not in DOCUMENT_STATES:
        raise ValidationError(
            {
                "file": f"The thesis is {thesis.get_state_display().lower()}; documents are "
                "uploaded while the research is in progress and after the defense."
            }
        )
    pages = check_pdf(upload, limit=max_document_bytes())
    latest = thesis.documents.order_by("-version").first()
    document = ThesisDocument(
        thesis=thesis,
        version=(latest.version + 1) if latest else 1,
        original_name=upload.name[:200],
        size=upload.size,
        pages=pages,
        stage=thesis.state,
        note=(note or "").strip(),
        uploaded_by=by,
    )
    document.full_clean(exclude=["file"])
    document.file.save(upload.name, upload, save=False)
    document.save()
    _log(
        by,
        thesis,
        "thesis_document.uploaded",
        f"Thesis version {document.version} uploaded: {document.original_name} ({pages} pages)",
    )
    return document


@transaction.atomic
def document_publish(*, document: ThesisDocument, public: bool, by) -> ThesisDocument:
    """The director makes the final document public (or private again)."""
    thesis = document.thesis
    _require(by, "thesis.publish", thesis)
    if public and thesis.state not in (State.FINAL_SUBMITTED, State.COMPLETE):
        raise ValidationError("Only the final thesis is made public, once it has been submitted.")
    if public and document.version != _final_version(thesis):
        raise ValidationError("Make the final (latest) version public, not an earlier draft.")
    if document.is_public == public:
        return document
    document.is_public = public
    document.save(update_fields=["is_public"])
    said = "made public" if public else "made private"
    _log(
        by,
        thesis,
        f"thesis_document.{'public' if public else 'private'}",
        f"Thesis version {document.version} {said}",
    )
    return document


def _final_version(thesis) -> int | None:
    latest = thesis.documents.order_by("-version").first()
    return latest.version if latest else None
