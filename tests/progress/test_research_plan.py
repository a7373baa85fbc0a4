"""The research plan: every transition, who may take it, versions kept and compared."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fellowship.activity.models import ActivityEntry
from fellowship.core.uploads import check_upload
from fellowship.progress import plans
from fellowship.progress.models import Milestone, ResearchPlan
from tests import factories as f
from tests.commit import committed

from .helpers import PLAN, logged, pdf, plan_for, templates_for

pytestmark = pytest.mark.django_db
State = ResearchPlan.State


def move(plan, to, by, comments=""):
    return plans.plan_transition(plan=plan, to=to, by=by, comments=comments)


def test_draft_to_approved_through_changes_requested(world):
    templates_for(world)
    plan = plan_for(world)
    assert plan.state == State.DRAFT and plan.versions.count() == 1
    plan = move(plan, State.SUBMITTED, world.fellow)
    plan = move(plan, State.CHANGES_REQUESTED, world.mentor, "Add an agreement study to Aim 1.")
    assert plan.state == State.CHANGES_REQUESTED
    # The revision is a new version; version 1 stays as it was submitted, with the comments.
    plans.plan_save(
        fellow=world.fellow_record,
        by=world.fellow,
        **{**PLAN, "aims": PLAN["aims"] + " With an agreement study."},
    )
    v2, v1 = list(plan.versions.all())
    assert (v1.number, v1.decision, v1.comments) == (
        1,
        "changes_requested",
        "Add an agreement study to Aim 1.",
    )
    assert v1.aims == PLAN["aims"] and v2.aims.endswith("With an agreement study.")
    assert v2.attachment.name == v1.attachment.name  # the file carries over to the revision
    plan = move(plan, State.SUBMITTED, world.fellow)
    plan = move(plan, State.APPROVED, world.mentor)
    assert plan.state == State.APPROVED and plan.approved_on == date(2026, 11, 25)
    # The linked milestone is done.
    milestone = Milestone.objects.get(fellow=world.fellow_record, template__link="research_plan")
    assert milestone.done_on == date(2026, 11, 25) and milestone.done_by == world.mentor
    assert logged("research_plan.") == [
        "research_plan.edited",
        "research_plan.submitted",
        "research_plan.changes_requested",
        "research_plan.edited",
        "research_plan.submitted",
        "research_plan.approved",
    ]


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        (State.DRAFT, State.SUBMITTED, {"fellow"}),
        (State.SUBMITTED, State.APPROVED, {"mentor"}),
        (State.SUBMITTED, State.CHANGES_REQUESTED, {"mentor"}),
        (State.CHANGES_REQUESTED, State.SUBMITTED, {"fellow"}),
    ],
)
def test_who_may_take_each_transition(world, start, to, allowed):
    plan = plan_for(world)
    if start != State.DRAFT:
        move(plan, State.SUBMITTED, world.fellow)
    if start == State.CHANGES_REQUESTED:
        move(plan, State.CHANGES_REQUESTED, world.mentor, "More detail.")
        plans.plan_save(
            fellow=world.fellow_record, by=world.fellow, **{**PLAN, "timeline": "Revised."}
        )
    secondary = f.FacultyFactory(program=world.program, user=f.UserFactory(email="second@test.org"))
    f.MentorshipFactory(fellow=world.fellow_record, faculty=secondary, kind="secondary")
    people = {
        "fellow": world.fellow,
        "mentor": world.mentor,
        "secondary_mentor": secondary.user,
        "other_fellow": world.other_fellow,
        "unrelated_faculty": world.unrelated_faculty,
        "coordinator": world.coordinator,
        "director": world.director,
    }
    for role, user in people.items():
        if role in allowed:
            continue
        with pytest.raises(PermissionDenied):
            move(plan, to, user, "Comments.")
        plan.refresh_from_db()
        assert plan.state == start, role
    (role,) = allowed
    assert move(plan, to, people[role], "Comments.").state == to


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (State.DRAFT, State.APPROVED),
        (State.DRAFT, State.CHANGES_REQUESTED),
        (State.SUBMITTED, State.SUBMITTED),
        (State.APPROVED, State.SUBMITTED),
        (State.APPROVED, State.CHANGES_REQUESTED),
    ],
)
def test_impossible_transitions_are_refused(world, start, to):
    plan = plan_for(world)
    if start != State.DRAFT:
        move(plan, State.SUBMITTED, world.fellow)
    if start == State.APPROVED:
        move(plan, State.APPROVED, world.mentor)
    by = world.fellow if to == State.SUBMITTED else world.mentor
    with pytest.raises(ValidationError, match="cannot become"):
        move(plan, to, by, "Comments.")
    plan.refresh_from_db()
    assert plan.state == start


def test_an_unknown_state_is_refused(world):
    with pytest.raises(ValidationError, match="not a state"):
        move(plan_for(world), "published", world.fellow)


def test_an_empty_or_incomplete_plan_cannot_be_submitted(world):
    plan = plans.plan_save(
        fellow=world.fellow_record, by=world.fellow, aims=" ", approach="", timeline=""
    )
    with pytest.raises(ValidationError, match="The research plan is empty"):
        move(plan, State.SUBMITTED, world.fellow)
    plans.plan_save(
        fellow=world.fellow_record, by=world.fellow, aims="Aim 1.", approach="", timeline=""
    )
    with pytest.raises(ValidationError, match="Write the approach, timeline"):
        move(plan, State.SUBMITTED, world.fellow)
    plan.refresh_from_db()
    assert plan.state == State.DRAFT
    assert not ActivityEntry.objects.filter(verb="research_plan.submitted").exists()


def test_asking_for_changes_needs_comments(world):
    plan = move(plan_for(world), State.SUBMITTED, world.fellow)
    with pytest.raises(ValidationError) as error:
        move(plan, State.CHANGES_REQUESTED, world.mentor, "   ")
    assert "comments" in error.value.message_dict
    plan.refresh_from_db()
    assert plan.state == State.SUBMITTED


def test_a_submitted_or_approved_plan_cannot_be_edited(world):
    plan = move(plan_for(world), State.SUBMITTED, world.fellow)
    with pytest.raises(ValidationError, match="submitted; it cannot be edited"):
        plans.plan_save(fellow=world.fellow_record, by=world.fellow, **PLAN)
    with pytest.raises(PermissionDenied):
        plans.plan_save(fellow=world.fellow_record, by=world.mentor, **PLAN)
    assert plan.versions.count() == 1


def test_resubmitting_without_revising_is_refused(world):
    plan = move(plan_for(world), State.SUBMITTED, world.fellow)
    move(plan, State.CHANGES_REQUESTED, world.mentor, "Revise the aims.")
    with pytest.raises(ValidationError, match="Revise the plan"):
        move(plan, State.SUBMITTED, world.fellow)


def test_a_draft_is_edited_in_place(world):
    plan = plan_for(world, attachment=False)
    plans.plan_save(fellow=world.fellow_record, by=world.fellow, **{**PLAN, "aims": "Better aims."})
    assert plan.versions.count() == 1 and plan.versions.get().aims == "Better aims."


class TestAttachment:
    def save(self, world, upload):
        with committed():
            return plans.plan_save(
                fellow=world.fellow_record, by=world.fellow, attachment=upload, **PLAN
            )

    def test_a_pdf_is_kept_with_its_name_and_type(self, world):
        plan = self.save(world, pdf("Aims v1.pdf"))
        version = plan.versions.get()
        assert version.attachment_name == "Aims v1.pdf"
        assert version.attachment_type == "application/pdf"
        assert version.attachment.read().startswith(b"%PDF")

    def test_a_file_that_is_not_a_document_is_refused_by_its_content(self, world):
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        with pytest.raises(ValidationError) as error:
            self.save(world, SimpleUploadedFile("plan.pdf", png, content_type="application/pdf"))
        message = error.value.message_dict["attachment"][0]
        assert "“plan.pdf” is not a document" in message and "image/png" in message
        with pytest.raises(ValidationError, match="not a known document"):
            self.save(world, SimpleUploadedFile("plan.docx", b"just some text"))
        assert not ResearchPlan.objects.exists()

    def test_a_file_over_the_limit_is_refused(self, world, settings):
        settings.PROGRESS_MAX_UPLOAD_BYTES = 1024
        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
        with pytest.raises(ValidationError, match="the limit is"):
            self.save(world, big)
        assert not ResearchPlan.objects.exists()

    def test_removing_the_attachment(self, world):
        self.save(world, pdf())
        plan = plans.plan_save(
            fellow=world.fellow_record, by=world.fellow, remove_attachment=True, **PLAN
        )
        assert not plan.versions.get().attachment


def test_the_attachment_check_reads_from_the_start(world):
    upload = SimpleUploadedFile("p.pdf", b"%PDF-1.7\n%%EOF\n")
    upload.file = io.BytesIO(upload.read())  # already read once, as a form does
    limit = plans.max_upload_bytes()
    assert check_upload(upload, field="attachment", limit=limit) == "application/pdf"
