"""Every write about a thesis: permission-checked, validated, in one transaction, logged.

A thesis's state changes only in `thesis_transition`, along the steps of `workflow.STEPS`
(the diagram is in workflow.py); what entering a defense state does is in defenses.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fellowship.accounts.rules import require as _require
from fellowship.activity.services import activity_record
from fellowship.core.files import file_attach
from fellowship.core.transitions import Workflow
from fellowship.core.uploads import DOC, DOCX, ODT, PDF, check_pdf, check_upload
from fellowship.programs.models import Fellow

from . import defenses, events
from .models import CommitteeMeeting, CommitteeMember, Thesis, ThesisDocument, ThesisPaper
from .workflow import DOCUMENT_STATES, MEETING_STATES, STEPS, State, day_text, step_blocker

MAX_DOCUMENT_BYTES = 40 * 1024 * 1024
MAX_REPORT_BYTES = 20 * 1024 * 1024


def _log(by, target, verb: str, summary: str):
    activity_record(actor=by, verb=verb, target=target, summary=summary)


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


def _committee_open(thesis: Thesis) -> None:
    if thesis.state != State.PLANNING:
        raise ValidationError(
            f"The committee is {thesis.get_state_display().lower()}; it can be changed only in "
            "planning (the director can send a proposed committee back)."
        )


# The one transition function ---------------------------------------------------------------

WORKFLOW = Workflow(
    model=Thesis,
    states=State,
    steps=STEPS,
    require=lambda by, thesis, step: _require(by, step.permission, thesis),
    log=_log,
    verb="thesis",
    what="A thesis",
    unknown="a thesis state",
    related=("fellow__program", "fellow__laboratory"),
    enter=defenses.ENTER,
    blocker=step_blocker,
    stamp="state_changed_at",
    sent=lambda thesis, by: events.thesis_state_changed.send(thesis=thesis, by=by),
)


def thesis_transition(*, thesis: Thesis, to: str, by, note: str = "", **details) -> Thesis:
    """Move a thesis to state `to`: the only place a thesis's state changes.

    details: `starts_at=`, `room=`, `video_link=` when scheduling a defense, and when
    rescheduling it (`to` is then "defense_scheduled" again); `outcome=` when recording the
    outcome. Cancelling a scheduled defense is the step back to "in_progress", with the
    reason as `note`.
    """
    return WORKFLOW.take(thesis, to, by=by, note=note, **details)


# Committee meetings ------------------------------------------------------------------------


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
    mime = ""
    if report_upload:
        mime = check_upload(
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
        shown = file_attach(meeting, "report_file", report_upload, mime=mime)
        meeting.report_file_name = shown[:200]
    creating = meeting.pk is None
    meeting.save()
    meeting.attendees.set(attendees)
    said = "recorded" if creating else "edited"
    nxt = f"; next by {day_text(meeting.next_target_date)}" if meeting.next_target_date else ""
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
        original_name="",
        size=upload.size,
        pages=pages,
        stage=thesis.state,
        note=(note or "").strip(),
        uploaded_by=by,
    )
    document.full_clean(exclude=["file", "original_name"])
    document.original_name = file_attach(document, "file", upload, mime=PDF)[:200]
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
