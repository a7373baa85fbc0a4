"""The thesis workflow and what reads it: the table of steps and why a step waits.

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
proposed and again when the director approves it. The state changes only in
`services.thesis_transition`; what entering a defense state does is in `defenses.py`.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from fellowship.programs.models import Fellow, Mentorship
from fellowship.programs.selectors import current_mentorships

from .models import CommitteeMember, Defense, DefenseMember, Thesis, ThesisDocument

State = Thesis.State
Role = CommitteeMember.Role
Outcome = Defense.Outcome


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
    # A change of course inside the state, logged as "thesis.<verb>" (the state stays).
    verb: str = ""


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
            verb="defense_rescheduled",
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


# Committee meetings are recorded from the committee's approval until the defense; thesis
# documents are uploaded while the research is in progress and after the defense.
MEETING_STATES = (
    State.PROPOSAL_SUBMITTED,
    State.PROPOSAL_APPROVED,
    State.IN_PROGRESS,
    State.COMMITTEE_APPROVED,
    State.DEFENSE_SCHEDULED,
)

DOCUMENT_STATES = (
    State.IN_PROGRESS,
    State.DEFENSE_SCHEDULED,
    State.DEFENDED,
)


def day_text(value: date) -> str:
    return f"{value:%b %-d, %Y}"


def when_where(defense: Defense) -> str:
    when = timezone.localtime(defense.starts_at)
    return f"{when:%b %-d, %Y at %H:%M}, {defense.place}"


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
            day = day_text(timezone.localtime(defense.starts_at))
            return f"The defense is on {day}; record the outcome after it."
        return ""
    if state == State.DEFENSE_SCHEDULED and to == State.DEFENSE_SCHEDULED:
        if defense.starts_at <= timezone.now():
            return (
                f"The defense was set for {when_where(defense)}; record its outcome, or "
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


def is_announced(defense: Defense) -> bool:
    """Public only once scheduled and confirmed by every member (uses prefetched members)."""
    seats = list(defense.members.all())
    return bool(seats) and all(s.confirmed_at for s in seats)
