"""Milestones: every fellow gets theirs, due dates follow the start and leave, recording."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fellowship.activity.models import ActivityEntry
from fellowship.programs import services as programs_services
from fellowship.programs.models import Leave
from fellowship.progress import milestones
from fellowship.progress.models import Milestone, OrientationItem
from tests import factories as f

from .helpers import HAND_APPROVAL, hand_approval, logged, templates_for

pytestmark = pytest.mark.django_db


def due(fellow, name):
    return Milestone.objects.get(fellow=fellow, template__name=name).due_date


def test_every_fellow_gets_the_programs_milestones_and_orientation(world):
    templates = templates_for(world)
    assert len(templates) == len(milestones.DEFAULT_TEMPLATES)
    for fellow in (world.fellow_record, world.other_fellow_record):
        assert fellow.milestones.count() == len(templates)
        assert OrientationItem.objects.filter(fellow=fellow).count() == len(
            milestones.DEFAULT_ORIENTATION
        )
    # The other program's fellows are untouched.
    assert not Milestone.objects.exclude(fellow__program=world.program).exists()


def test_due_dates_count_from_the_start_and_skip_the_leave(world):
    templates_for(world)
    fellow, other = world.fellow_record, world.other_fellow_record  # both start 2025-07-01
    # The world's leave (Jan 5 to Feb 13, 2026: 40 days) is after month 3 ...
    assert due(fellow, "Research plan approved") == date(2025, 9, 30)
    # ... and before month 12 and month 22, which move 40 days.
    assert due(other, "Thesis proposal approved") == date(2026, 6, 30)
    assert due(fellow, "Thesis proposal approved") == date(2026, 8, 9)
    assert due(other, "Thesis defended") == date(2027, 4, 30)
    assert due(fellow, "Thesis defended") == date(2027, 6, 9)


def test_the_mentored_grant_is_due_on_the_last_k99_date_before_the_appointment_ends(world):
    templates_for(world)
    # Appointment ends June 30, 2027; June 12, 2027 is a Saturday, so NIH takes June 14.
    assert due(world.other_fellow_record, "Mentored grant submitted") == date(2027, 6, 14)
    world.other_fellow_record.appointment_end = date(2027, 5, 31)
    programs_services.fellow_save(fellow=world.other_fellow_record, by=world.coordinator)
    assert due(world.other_fellow_record, "Mentored grant submitted") == date(2027, 2, 12)


def test_adding_changing_and_deleting_a_leave_recomputes(world):
    templates_for(world)
    fellow = world.other_fellow_record
    name = "Thesis committee formed"  # month 9: March 31, 2026
    assert due(fellow, name) == date(2026, 3, 31)
    leave = Leave(
        fellow=fellow, kind=Leave.Kind.PARENTAL, start=date(2026, 3, 2), end=date(2026, 4, 30)
    )
    programs_services.leave_save(leave=leave, by=world.coordinator)
    assert due(fellow, name) == date(2026, 5, 30)  # 60 days later
    # A leave across the due date: it moves by the whole leave.
    leave.start, leave.end = date(2026, 3, 20), date(2026, 4, 8)  # 20 days
    programs_services.leave_save(leave=leave, by=world.coordinator)
    assert due(fellow, name) == date(2026, 4, 20)
    # Two leaves: the second, reached by the first push, pushes again.
    second = Leave(
        fellow=fellow, kind=Leave.Kind.MEDICAL, start=date(2026, 4, 15), end=date(2026, 4, 24)
    )
    programs_services.leave_save(leave=second, by=world.coordinator)
    assert due(fellow, name) == date(2026, 4, 30)
    programs_services.fellow_record_delete(record=leave, by=world.coordinator)
    assert due(fellow, name) == date(2026, 3, 31)  # the second leave is after Mar 31 now
    moved = ActivityEntry.objects.filter(verb="milestone.due_dates_moved", target_id=fellow.pk)
    assert moved.count() == 4
    assert "Thesis committee formed Mar 31 → May 30, 2026" in moved.order_by("id")[0].summary


def test_a_new_start_date_recomputes_every_due_date(world):
    templates_for(world)
    fellow = world.other_fellow_record
    fellow.appointment_start, fellow.appointment_end = date(2025, 9, 1), date(2027, 8, 31)
    programs_services.fellow_save(fellow=fellow, by=world.coordinator)
    assert due(fellow, "Orientation complete") == date(2025, 9, 30)
    assert due(fellow, "Research plan approved") == date(2025, 11, 30)
    assert due(fellow, "Thesis defended") == date(2027, 6, 30)


def test_a_fellow_added_later_gets_milestones(world):
    templates_for(world)
    late = programs_services.fellow_save(
        fellow=f.FellowFactory.build(
            program=world.program,
            appointment_start=date(2026, 7, 1),
            appointment_end=date(2028, 6, 30),
        ),
        by=world.coordinator,
    )
    assert due(late, "Orientation complete") == date(2026, 7, 31)
    assert late.orientation_items.count() == len(milestones.DEFAULT_ORIENTATION)


def test_editing_a_template_moves_every_fellows_due_date(world):
    template = next(t for t in templates_for(world) if t.name == "Thesis committee formed")
    template.due_months = 10
    milestones.milestone_template_save(template=template, by=world.director)
    assert due(world.other_fellow_record, "Thesis committee formed") == date(2026, 4, 30)
    moved = ActivityEntry.objects.filter(verb="milestone.due_dates_moved")
    assert moved.exists() and {e.actor for e in moved} == {world.director}  # who moved them
    template.due_months = None
    with pytest.raises(ValidationError) as error:
        milestones.milestone_template_save(template=template, by=world.director)
    assert "due_months" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        milestones.milestone_template_save(template=template, by=world.coordinator)


def test_milestone_status_on_a_day(world):
    templates_for(world)
    m = Milestone.objects.get(
        fellow=world.other_fellow_record, template__name="Thesis committee formed"
    )
    assert m.status_on(date(2026, 1, 1)) == Milestone.Status.UPCOMING
    assert m.status_on(date(2026, 3, 20)) == Milestone.Status.DUE
    assert m.status_on(date(2026, 4, 1)) == Milestone.Status.OVERDUE
    m.done_on = date(2026, 4, 2)
    assert m.status_on(date(2026, 4, 3)) == Milestone.Status.DONE and m.late


class TestRecording:
    def milestone(self, world, name):
        if name == HAND_APPROVAL:
            return hand_approval(world)
        templates_for(world)
        return Milestone.objects.select_related("template", "fellow").get(
            fellow=world.fellow_record, template__name=name
        )

    def test_a_mentor_records_an_approval_and_reopens_it(self, world):
        m = self.milestone(world, HAND_APPROVAL)
        milestones.milestone_record(
            milestone=m, done=True, on=date(2026, 4, 2), note="3 members", by=world.mentor
        )
        m.refresh_from_db()
        assert (m.done_on, m.done_by, m.note) == (date(2026, 4, 2), world.mentor, "3 members")
        milestones.milestone_record(milestone=m, done=False, by=world.director)
        m.refresh_from_db()
        assert m.done_on is None and m.done_by is None
        verbs = logged("milestone.")
        assert "milestone.done" in verbs and "milestone.reopened" in verbs

    def test_the_fellow_records_a_date_but_not_an_approval(self, world):
        dated = self.milestone(world, "Core courses complete")
        milestones.milestone_record(
            milestone=dated, done=True, on=date(2026, 6, 1), by=world.fellow
        )
        approval = self.milestone(world, HAND_APPROVAL)
        with pytest.raises(PermissionDenied):
            milestones.milestone_record(milestone=approval, done=True, by=world.fellow)
        for who in (world.other_fellow, world.unrelated_faculty):
            with pytest.raises(PermissionDenied):
                milestones.milestone_record(milestone=dated, done=False, by=who)

    def test_a_future_day_or_a_linked_milestone_is_refused(self, world):
        m = self.milestone(world, HAND_APPROVAL)
        with pytest.raises(ValidationError, match="future"):
            milestones.milestone_record(
                milestone=m, done=True, on=date(2026, 12, 1), by=world.mentor
            )
        with pytest.raises(ValidationError, match="before the appointment"):
            milestones.milestone_record(
                milestone=m, done=True, on=date(2025, 1, 1), by=world.mentor
            )
        linked = self.milestone(world, "Research plan approved")
        with pytest.raises(ValidationError, match="recorded by itself"):
            milestones.milestone_record(milestone=linked, done=True, by=world.mentor)
        assert not Milestone.objects.filter(
            fellow=world.fellow_record, done_on__isnull=False
        ).exists()
