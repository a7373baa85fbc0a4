"""Who may do what with milestones, orientation, research plans and IDPs.

Fellow permissions take the Fellow; program-wide permissions take the Program.
"""

import rules

from fellowship.accounts.roles import memberships
from fellowship.accounts.rules import (
    is_director,
    is_faculty,
    is_mentor_of,
    is_placed_mentor_of,
    is_program_member,
    is_program_staff,
    is_the_fellow,
)
from fellowship.accounts.rules import require as _require


@rules.predicate
def is_primary_mentor_of(user, fellow):
    """The user is the fellow's current primary mentor, or the one the placement named for
    an incoming fellow (one query, cached on the fellow)."""
    if fellow is None or not user.is_authenticated:
        return False
    found = memberships(user)
    if fellow.pk not in found.mentee_ids and fellow.pk not in found.placed_mentee_ids:
        return False
    cache = getattr(fellow, "_primary_mentor_user_ids", None)
    if cache is None:
        from fellowship.programs.models import Mentorship

        cache = set(
            Mentorship.objects.current()
            .primary()
            .filter(fellow_id=fellow.pk)
            .values_list("faculty__user_id", flat=True)
        )
        fellow._primary_mentor_user_ids = cache
    return user.pk in cache


# The milestone templates of the program: every member may read them; the director sets them.
rules.add_perm("progress.view_templates", is_program_member)
rules.add_perm("progress.manage_templates", is_director)
# The cohort view: the staff see every fellow, faculty their mentees.
rules.add_perm("progress.view_cohort", is_program_staff | is_faculty)
# A fellow's timeline, milestones, orientation and research plan.
rules.add_perm("progress.view_progress", is_the_fellow | is_mentor_of | is_program_staff)
# The research plan alone: also the mentor a placement named, before the mentorship begins
# (they review the plan an incoming fellow writes; nothing else of the fellow's).
rules.add_perm(
    "progress.view_plan", is_the_fellow | is_mentor_of | is_placed_mentor_of | is_program_staff
)
# Record a milestone done (or reopen it): mentors and staff; the fellow for dates and documents.
rules.add_perm("progress.record_milestone", is_mentor_of | is_program_staff)
rules.add_perm("progress.record_own_milestone", is_the_fellow)
# Orientation: the fellow ticks, a mentor confirms.
rules.add_perm("progress.tick_orientation", is_the_fellow)
rules.add_perm("progress.confirm_orientation", is_mentor_of)
# Research plan: the fellow writes and submits; only the primary mentor reviews.
rules.add_perm("progress.write_plan", is_the_fellow)
rules.add_perm("progress.review_plan", is_primary_mentor_of)
# IDP: private to the fellow, their mentors and the director (not the coordinator).
rules.add_perm("progress.view_idp", is_the_fellow | is_mentor_of | is_director)
rules.add_perm("progress.write_idp", is_the_fellow)
rules.add_perm("progress.sign_idp", is_mentor_of)


# What a refused person is told (the view shows it on the 403 page).
REFUSALS = {
    "progress.manage_templates": "Only the program director sets the program's milestones.",
    "progress.tick_orientation": "Only the fellow ticks their own orientation items.",
    "progress.confirm_orientation": "Only one of the fellow's mentors confirms orientation items.",
    "progress.write_plan": "Only the fellow writes and submits their research plan.",
    "progress.review_plan": (
        "Only the fellow's primary mentor may approve the research plan or ask for changes."
    ),
    "progress.write_idp": "Only the fellow writes and submits their IDP.",
    "progress.sign_idp": "Only one of the fellow's mentors signs off or returns the IDP.",
}


def require(by, permission: str, obj) -> None:
    """For progress's services: `accounts.rules.require`, refusing in this app's words."""
    _require(by, permission, obj, REFUSALS.get(permission))
