"""Thesis records for the `world` of tests/conftest.py.

The committee: the mentor (primary mentor, the fellow's lab), the unrelated faculty member
(chair; no laboratory, so from outside the fellow's lab) and an external member.
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from fellowship.news.models import PublicProfile
from fellowship.thesis import defenses, services, workflow
from fellowship.thesis.models import CommitteeMember, Defense, Thesis
from tests.commit import committed

State = Thesis.State
Role = CommitteeMember.Role


def pdf_bytes(pages=2) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name="thesis.pdf", pages=2):
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


def thesis_for(world, **values) -> Thesis:
    """The world fellow's thesis (one per world), in planning, with a title and proposal."""
    found = Thesis.objects.filter(fellow=world.fellow_record).first()
    if found is not None:
        return found
    thesis = services.thesis_start(fellow=world.fellow_record, by=world.fellow)
    return services.thesis_save(
        thesis=thesis,
        by=world.fellow,
        title=values.get("title", "Safe summaries of clinical notes"),
        abstract=values.get("abstract", "We summarize notes for handoffs and measure harm."),
        form=Thesis.Form.MONOGRAPH,
        proposal=values.get("proposal", "Aim 1: annotate. Aim 2: model. Aim 3: evaluate."),
    )


def add_committee(world, thesis) -> dict:
    by = world.fellow
    chair = services.committee_member_add(
        member=CommitteeMember(
            thesis=thesis, role=Role.CHAIR, faculty=world.unrelated_faculty_record
        ),
        by=by,
    )
    mentor = services.committee_member_add(
        member=CommitteeMember(
            thesis=thesis, role=Role.PRIMARY_MENTOR, faculty=world.mentor_faculty
        ),
        by=by,
    )
    external = services.committee_member_add(
        member=CommitteeMember(
            thesis=thesis,
            role=Role.EXTERNAL,
            name="Erin External",
            email="erin@elsewhere.edu",
            institution="Elsewhere University",
        ),
        by=by,
    )
    return {"chair": chair, "mentor": mentor, "external": external}


def upload_draft(world, thesis):
    with committed():
        return services.document_upload(
            thesis=thesis, upload=pdf_upload("draft.pdf"), note="draft", by=world.fellow
        )


def go(world, thesis, to, who, **details):
    """Take a step as `who`. Scheduling a defense first gets the fellow to upload the thesis
    the committee reads, unless it is there (tests of that rule call the service)."""
    thesis.refresh_from_db()
    if (
        to == State.DEFENSE_SCHEDULED
        and thesis.state == State.IN_PROGRESS
        and workflow.step_blocker(thesis, workflow.STEPS[State.IN_PROGRESS][0]).startswith("Upload")
    ):
        upload_draft(world, thesis)
    return services.thesis_transition(thesis=thesis, to=to, by=getattr(world, who), **details)


def thesis_at(world, state) -> Thesis:
    """The world thesis walked (by the right people) on from where it is up to `state`."""
    thesis = thesis_for(world)
    if not thesis.committee.exists():
        add_committee(world, thesis)
    order = list(State)

    def before(target):
        return order.index(thesis.state) < order.index(target) <= order.index(state)

    path = [
        (State.COMMITTEE_PROPOSED, "fellow", {}),
        (State.COMMITTEE_APPROVED, "director", {}),
        (State.PROPOSAL_SUBMITTED, "fellow", {}),
        (State.PROPOSAL_APPROVED, "unrelated_faculty", {}),
        (State.IN_PROGRESS, "fellow", {}),
        (
            State.DEFENSE_SCHEDULED,
            "unrelated_faculty",
            {"starts_at": timezone.now() + timedelta(days=14), "room": "Countway 403"},
        ),
    ]
    for to, who, details in path:
        if before(to):
            thesis = go(world, thesis, to, who, **details)
    if before(State.DEFENDED):
        confirm_all(world, thesis)
        hold_defense(thesis)
        thesis = go(
            world, thesis, State.DEFENDED, "unrelated_faculty", outcome=Defense.Outcome.PASS
        )
    if before(State.FINAL_SUBMITTED):
        sign_all(world, thesis)
        with committed():
            services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.fellow)
        thesis = go(world, thesis, State.FINAL_SUBMITTED, "fellow")
    if before(State.COMPLETE):
        thesis = go(world, thesis, State.COMPLETE, "director")
    return thesis


def confirm_all(world, thesis):
    defense = thesis.defenses.order_by("-attempt").first()
    for seat in defense.members.filter(confirmed_at__isnull=True):
        defenses.defense_confirm(seat=seat, by=world.unrelated_faculty)


def sign_all(world, thesis):
    defense = thesis.defenses.order_by("-attempt").first()
    for seat in defense.members.filter(signed_off_at__isnull=True):
        defenses.defense_sign_off(seat=seat, by=world.unrelated_faculty)


def hold_defense(thesis):
    """The day of the defense has come: move it an hour into the past."""
    defense = thesis.defenses.order_by("-attempt").first()
    defense.starts_at = timezone.now() - timedelta(hours=1)
    defense.save(update_fields=["starts_at"])


def thesis_with_files(world) -> Thesis:
    """The world thesis in progress, with a meeting (report file) and a draft document."""
    from fellowship.thesis.models import CommitteeMeeting

    thesis = thesis_at(world, State.IN_PROGRESS)
    if not thesis.meetings.exists():
        meeting = CommitteeMeeting(
            thesis=thesis,
            date=timezone.localdate(),
            feedback="Good progress.",
            recommendation=CommitteeMeeting.Recommendation.ON_TRACK,
        )
        with committed():
            services.meeting_save(
                meeting=meeting,
                attendees=list(thesis.committee.all()),
                report_upload=pdf_upload("report.pdf", 1),
                by=world.mentor,
            )
            services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.fellow)
    return thesis


def thesis_public_document(world, *, public: bool):
    """The world thesis's final document, made public by the director (or left private);
    a public one's author agreed to be shown on the public site."""
    thesis = thesis_at(world, State.FINAL_SUBMITTED)
    document = thesis.documents.order_by("-version").first()
    if public:
        PublicProfile.objects.update_or_create(
            fellow=thesis.fellow, defaults={"show_profile": True}
        )
        services.document_publish(document=document, public=True, by=world.director)
    return document


def thesis_file(world, kind: str) -> int:
    """The pk of the world thesis's meeting (kind "meetings") or document ("documents")."""
    return getattr(thesis_with_files(world), kind).get().pk
