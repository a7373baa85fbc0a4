"""The committee rules the director relies on, with messages that say what is missing."""

import pytest
from django.core.exceptions import ValidationError

from fellowship.thesis import services, workflow
from fellowship.thesis.models import CommitteeMember, Thesis
from tests import factories as f

from .helpers import add_committee, go, thesis_at, thesis_for

State = Thesis.State
Role = CommitteeMember.Role


def member(thesis, role, faculty=None, **external):
    return CommitteeMember(thesis=thesis, role=role, faculty=faculty, **external)


def add(world, m):
    return services.committee_member_add(member=m, by=world.fellow)


def test_a_committee_that_meets_the_rules_has_no_problems(world):
    thesis = thesis_for(world)
    add_committee(world, thesis)
    assert workflow.committee_problems(thesis) == []


def test_an_empty_committee_names_every_rule(world):
    problems = workflow.committee_problems(thesis_for(world))
    assert problems == [
        "The committee needs a chair.",
        f"The primary mentor, {world.mentor_faculty.display_name}, must be on the committee.",
        "At least one member must come from outside Clinical Data Lab.",
    ]


def test_exactly_one_chair(world):
    thesis = thesis_for(world)
    add_committee(world, thesis)
    second = f.FacultyFactory(program=world.program, institution=world.institution)
    add(world, member(thesis, Role.CHAIR, second))
    problems = workflow.committee_problems(thesis)
    assert problems == [
        f"The committee has 2 chairs ({world.unrelated_faculty_record.display_name}, "
        f"{second.display_name}); it needs exactly one."
    ]
    with pytest.raises(ValidationError, match="it needs exactly one"):
        go(world, thesis, State.COMMITTEE_PROPOSED, "fellow")
    thesis.refresh_from_db()
    assert thesis.state == State.PLANNING


def test_the_chair_is_faculty_of_the_program(world):
    thesis = thesis_for(world)
    add(world, member(thesis, Role.PRIMARY_MENTOR, world.mentor_faculty))
    add(world, member(thesis, Role.CHAIR, name="Ext Chair", email="x@y.org", institution="Y"))
    assert workflow.committee_problems(thesis) == [
        "The chair must be faculty of the program (the chair records the outcome)."
    ]


def test_everyone_from_the_fellows_lab_is_refused(world):
    thesis = thesis_for(world)
    colleague = f.FacultyFactory(program=world.program, institution=world.institution)
    colleague.laboratories.add(world.lab)
    add(world, member(thesis, Role.PRIMARY_MENTOR, world.mentor_faculty))
    add(world, member(thesis, Role.CHAIR, colleague))
    assert workflow.committee_problems(thesis) == [
        "At least one member must come from outside Clinical Data Lab."
    ]


def test_the_director_approval_checks_the_rules_again(world):
    thesis = thesis_at(world, State.COMMITTEE_PROPOSED)
    # Someone removed the chair behind the workflow's back (e.g. in the admin).
    thesis.committee.filter(role=Role.CHAIR).delete()
    with pytest.raises(ValidationError, match="needs a chair"):
        go(world, thesis, State.COMMITTEE_APPROVED, "director")


def test_the_committee_is_fixed_once_proposed(world):
    thesis = thesis_at(world, State.COMMITTEE_PROPOSED)
    with pytest.raises(ValidationError, match="changed only in planning"):
        add(world, member(thesis, Role.MEMBER, name="Late", email="l@x.org", institution="X"))
    with pytest.raises(ValidationError, match="changed only in planning"):
        services.committee_member_remove(member=thesis.committee.first(), by=world.fellow)
    thesis = go(world, thesis, State.PLANNING, "director", note="Add a program representative.")
    rep = f.FacultyFactory(program=world.program, institution=world.institution)
    add(world, member(thesis, Role.PROGRAM_REPRESENTATIVE, rep))  # open again in planning
    assert thesis.committee.count() == 4


def test_an_external_member_needs_name_email_institution(world):
    thesis = thesis_for(world)
    with pytest.raises(ValidationError) as refused:
        add(world, member(thesis, Role.EXTERNAL))
    assert set(refused.value.message_dict) == {"name", "email", "institution"}
    assert not thesis.committee.exists()


def test_faculty_of_another_program_is_refused(world):
    thesis = thesis_for(world)
    inst = f.InstitutionFactory(program=world.other_program)
    stranger = f.FacultyFactory(program=world.other_program, institution=inst)
    with pytest.raises(ValidationError, match="fellow's program"):
        add(world, member(thesis, Role.MEMBER, stranger))


def test_the_same_faculty_member_only_once(world):
    thesis = thesis_for(world)
    add(world, member(thesis, Role.CHAIR, world.mentor_faculty))
    with pytest.raises(ValidationError, match="already on the committee"):
        add(world, member(thesis, Role.PRIMARY_MENTOR, world.mentor_faculty))


def test_only_the_fellow_mentor_and_staff_edit_the_committee(world):
    thesis = thesis_for(world)
    with pytest.raises(Exception) as refused:
        services.committee_member_add(
            member=member(thesis, Role.CHAIR, world.mentor_faculty), by=world.other_fellow
        )
    assert refused.type.__name__ == "PermissionDenied"
