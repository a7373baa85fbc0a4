"""Who may do what with a thesis.

Thesis permissions take the Thesis; `thesis.start_thesis` takes the Fellow; the program-wide
pages take the Program. Each step of the workflow names who may take it (`STEP_PERMISSIONS`
in services.py maps a target state to one of the permissions below).
"""

import rules

from fellowship.accounts.roles import memberships
from fellowship.accounts.rules import (
    is_director,
    is_faculty,
    is_mentor_of,
    is_program_staff,
    is_the_fellow,
)

from .models import CommitteeMember


def _faculty_id(user, thesis):
    if thesis is None or not user.is_authenticated:
        return None
    return memberships(user).faculty_ids.get(thesis.program_id)


@rules.predicate
def is_thesis_fellow(user, thesis):
    """The user is the fellow who writes the thesis."""
    return thesis is not None and is_the_fellow(user, thesis.fellow)


@rules.predicate
def is_thesis_mentor(user, thesis):
    """The user is a current mentor of the fellow."""
    return thesis is not None and is_mentor_of(user, thesis.fellow)


@rules.predicate
def is_committee_member(user, thesis):
    faculty_id = _faculty_id(user, thesis)
    return faculty_id is not None and any(
        m.faculty_id == faculty_id for m in thesis.committee.all()
    )


@rules.predicate
def is_committee_chair(user, thesis):
    faculty_id = _faculty_id(user, thesis)
    return faculty_id is not None and any(
        m.faculty_id == faculty_id and m.role == CommitteeMember.Role.CHAIR
        for m in thesis.committee.all()
    )


# Pages ---------------------------------------------------------------------------------------
# The director's table of every thesis: the staff.
rules.add_perm("thesis.view_table", is_program_staff)
# "Theses I sit on": faculty (and the staff, who see the table anyway).
rules.add_perm("thesis.view_committees", is_faculty | is_program_staff)
# Open a thesis record for this fellow (takes the Fellow): the fellow, a mentor, the staff.
rules.add_perm("thesis.start_thesis", is_the_fellow | is_mentor_of | is_program_staff)
# A thesis's page, its meetings and private documents.
rules.add_perm(
    "thesis.view_thesis",
    is_thesis_fellow | is_thesis_mentor | is_committee_member | is_program_staff,
)
# Title, abstract, form, papers and (in planning) the committee.
rules.add_perm("thesis.edit_thesis", is_thesis_fellow | is_thesis_mentor | is_program_staff)
# Committee meetings: the chair, the mentor, the staff record them.
rules.add_perm("thesis.record_meeting", is_committee_chair | is_thesis_mentor | is_program_staff)
# Confirm a defense date and sign off its outcome: each committee member for themself.
rules.add_perm("thesis.confirm_defense", is_committee_member)

# Steps of the workflow -----------------------------------------------------------------------
rules.add_perm("thesis.propose_committee", is_thesis_fellow | is_thesis_mentor)
rules.add_perm("thesis.approve_committee", is_director)
rules.add_perm("thesis.submit_proposal", is_thesis_fellow)
rules.add_perm("thesis.review_proposal", is_committee_chair)
rules.add_perm("thesis.start_research", is_thesis_fellow | is_thesis_mentor)
rules.add_perm("thesis.schedule_defense", is_committee_chair | is_director)
# A scheduled defense moves (a member falls ill) or is called off: the director or the chair.
rules.add_perm("thesis.reschedule_defense", is_committee_chair | is_director)
rules.add_perm("thesis.cancel_defense", is_committee_chair | is_director)
rules.add_perm("thesis.record_outcome", is_committee_chair)
rules.add_perm("thesis.submit_document", is_thesis_fellow)
rules.add_perm("thesis.accept_revisions", is_committee_chair)
rules.add_perm("thesis.complete", is_director)
# Make the final document public; post the defense as a news item.
rules.add_perm("thesis.publish", is_director)


@rules.predicate
def sits_on_committee_of(user, fellow):
    """The user sits on the committee of this fellow's thesis (takes the Fellow)."""
    if fellow is None or not user.is_authenticated:
        return False
    faculty_id = memberships(user).faculty_ids.get(fellow.program_id)
    return (
        faculty_id is not None
        and CommitteeMember.objects.filter(thesis__fellow=fellow, faculty_id=faculty_id).exists()
    )


# The fellow's thesis page (takes the Fellow, so that it opens before a thesis exists).
rules.add_perm(
    "thesis.view_fellow_thesis",
    is_the_fellow | is_mentor_of | sits_on_committee_of | is_program_staff,
)
