"""The core records' rules, enforced by the services whatever the caller."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fellowship.accounts.roles import Role, memberships
from fellowship.activity.models import ActivityEntry
from fellowship.core.actors import SystemActor
from fellowship.programs import services
from fellowship.programs.clock import (
    Period,
    days_between,
    exact_months_of_training,
    last_day_within,
    leave_days_between,
    months_of_training,
)
from fellowship.programs.models import Fellow, Leave, Mentorship
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_fellow_save_logs_and_lowercases_email(world):
    fellow = Fellow(
        program=world.program,
        first_name="Ada",
        last_name="Lovelace",
        email="Ada.Lovelace@Example.org",
        cohort_year=2026,
        appointment_start=dt.date(2026, 7, 1),
        appointment_end=dt.date(2028, 6, 30),
    )
    services.fellow_save(fellow=fellow, topics=[world.topic], by=world.coordinator)
    fellow.refresh_from_db()
    assert fellow.email == "ada.lovelace@example.org"
    assert list(fellow.topics.all()) == [world.topic]
    entry = ActivityEntry.objects.get(verb="fellow.created")
    assert entry.actor == world.coordinator and entry.program == world.program
    assert entry.target == fellow


def test_appointment_must_end_after_it_starts(world):
    fellow = world.fellow_record
    fellow.appointment_end = fellow.appointment_start
    with pytest.raises(ValidationError) as caught:
        services.fellow_save(fellow=fellow, by=world.coordinator)
    assert "appointment_end" in caught.value.message_dict


def test_database_refuses_an_appointment_ending_before_it_starts(world):
    Fellow.objects.filter(pk=world.fellow_record.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Fellow.objects.filter(pk=world.fellow_record.pk).update(appointment_end=dt.date(2020, 1, 1))


def test_duplicate_email_in_the_program_is_refused(world):
    duplicate = f.FellowFactory.build(program=world.program, email="FELLOW@test.org")
    with pytest.raises(ValidationError) as caught:
        services.fellow_save(fellow=duplicate, by=world.coordinator)
    assert "Another fellow of this program has this email." in str(caught.value)


def test_same_email_in_another_program_is_fine(world):
    other = f.FellowFactory.build(program=world.other_program, email="fellow@test.org")
    services.fellow_save(fellow=other, by=SystemActor("fellowship import"))
    assert Fellow.objects.filter(email="fellow@test.org").count() == 2


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (dt.date(2025, 6, 1), dt.date(2025, 7, 10), "start"),  # before the appointment
        (dt.date(2027, 6, 1), dt.date(2027, 8, 1), "start"),  # after it
        (dt.date(2026, 2, 1), dt.date(2026, 3, 1), "start"),  # overlaps the existing leave
        (dt.date(2026, 5, 2), dt.date(2026, 5, 1), "end"),  # ends before it starts
    ],
)
def test_impossible_leaves_are_refused(world, start, end, field):
    leave = Leave(fellow=world.fellow_record, kind=Leave.Kind.FAMILY, start=start, end=end)
    with pytest.raises(ValidationError) as caught:
        services.leave_save(leave=leave, by=world.coordinator)
    assert field in caught.value.message_dict


def test_a_leave_within_the_appointment_is_recorded(world):
    leave = Leave(
        fellow=world.fellow_record,
        kind=Leave.Kind.PARENTAL,
        start=dt.date(2026, 9, 1),
        end=dt.date(2026, 11, 30),
    )
    services.leave_save(leave=leave, by=world.coordinator)
    assert world.fellow_record.leaves.count() == 2
    assert ActivityEntry.objects.filter(verb="leave.created").count() == 1


def test_mentor_must_be_faculty_of_the_program(world):
    outsider = f.FacultyFactory(program=world.other_program)
    mentorship = Mentorship(
        fellow=world.other_fellow_record, faculty=outsider, start=dt.date(2025, 7, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.mentorship_save(mentorship=mentorship, by=world.coordinator)
    assert "faculty" in caught.value.message_dict


def test_two_primary_mentors_at_once_are_refused_but_secondary_is_fine(world):
    second = Mentorship(
        fellow=world.fellow_record,
        faculty=world.unrelated_faculty_record,
        kind=Mentorship.Kind.PRIMARY,
        start=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        services.mentorship_save(mentorship=second, by=world.coordinator)
    assert "kind" in caught.value.message_dict
    second.kind = Mentorship.Kind.SECONDARY
    services.mentorship_save(mentorship=second, by=world.coordinator)
    assert world.fellow_record.mentorships.count() == 2


def test_roles_come_from_staff_roles_and_records(world):
    assert memberships(world.director).roles[world.program.pk] == {Role.DIRECTOR}
    assert memberships(world.mentor).roles[world.program.pk] == {Role.FACULTY}
    assert memberships(world.mentor).mentee_ids == {world.fellow_record.pk}
    assert memberships(world.fellow).roles[world.program.pk] == {Role.FELLOW}
    assert memberships(world.unrelated_faculty).mentee_ids == set()


def test_an_ended_mentorship_no_longer_opens_the_fellow(world):
    world.mentorship.end = dt.date(2025, 12, 31)
    world.mentorship.save()
    assert world.fellow_record.pk not in memberships(world.mentor).mentee_ids


def test_fellow_record_delete_logs_on_the_fellow(world):
    services.fellow_record_delete(record=world.position, by=world.coordinator)
    assert not world.fellow_record.positions.exists()
    entry = ActivityEntry.objects.get(verb="position.deleted")
    assert entry.target == world.fellow_record


def test_training_clock_excludes_leave():
    start = dt.date(2025, 7, 1)
    leave = Period(dt.date(2025, 9, 1), dt.date(2025, 9, 30))
    assert days_between(start, dt.date(2025, 9, 30), []) == 92
    assert days_between(start, dt.date(2025, 9, 30), [leave]) == 62
    assert days_between(start, dt.date(2025, 6, 30), []) == 0
    assert months_of_training(start, dt.date(2027, 6, 30), []) == 24.0
    assert months_of_training(start, dt.date(2027, 6, 30), [leave]) == 23.0


def test_training_clock_exact_months_leave_days_and_last_day_within():
    start = dt.date(2022, 7, 1)
    leave = Period(dt.date(2023, 1, 1), dt.date(2023, 1, 10))
    assert exact_months_of_training(start, dt.date(2026, 6, 30), []) == 48.0
    assert exact_months_of_training(start, dt.date(2026, 7, 1), []) == 1462 / 30.4375
    assert leave_days_between(start, dt.date(2023, 1, 5), [leave]) == 5
    assert leave_days_between(start, dt.date(2022, 6, 30), [leave]) == 0
    assert last_day_within(start, 1461, []) == dt.date(2026, 6, 30)
    assert last_day_within(start, 1461, [leave]) == dt.date(2026, 7, 10)
    # A leave beginning the day after the limit is reached carries it to the leave's end.
    after = Period(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    assert last_day_within(start, 1461, [after]) == dt.date(2026, 7, 31)
    assert last_day_within(start, 1, []) == start
    assert last_day_within(start, 0, []) == dt.date(2022, 6, 30)
