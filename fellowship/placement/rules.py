"""Who may do what in a placement round.

Round-wide permissions take the Program; a fellow's choices take the Fellow; a lab's
ranking of its applicants takes the Laboratory.
"""

import rules
from django.apps import apps
from django.db.models import Q

from fellowship.accounts.roles import memberships
from fellowship.accounts.rules import (
    is_director,
    is_program_member,
    is_program_staff,
    is_the_fellow,
)


@rules.predicate
def is_faculty_of_lab(user, lab):
    """The user is the head or a member of this laboratory."""
    if lab is None or not user.is_authenticated:
        return False
    faculty_ids = set(memberships(user).faculty_ids.values())
    if not faculty_ids:
        return False
    if lab.head_id in faculty_ids:
        return True
    Laboratory = apps.get_model("programs", "Laboratory")
    return (
        Laboratory.objects.filter(pk=lab.pk)
        .filter(Q(head_id__in=faculty_ids) | Q(members__in=faculty_ids))
        .exists()
    )


# The Placement page: every member sees the rounds that concern them.
rules.add_perm("placement.view_rounds", is_program_member)
# A round's detail and result (every fellow's placement): the program staff.
rules.add_perm("placement.view_round", is_program_staff)
# Create rounds, set places, open, close, solve, override, publish: the director.
rules.add_perm("placement.manage_round", is_director)
# Record a conflict of interest: the program staff.
rules.add_perm("placement.record_conflict", is_program_staff)
# A fellow's interests, choices and (once published) result: the fellow and the staff.
rules.add_perm("placement.rank_labs", is_the_fellow | is_program_staff)
# A lab's applicants and its ranking of them: the lab's faculty and the staff.
rules.add_perm("placement.rank_fellows", is_faculty_of_lab | is_program_staff)
# Where each applicant put the lab among their choices: the staff only, so a lab's faculty
# rank fellows on their merits and no fellow is judged for where they ranked a lab.
rules.add_perm("placement.view_applicant_choices", is_program_staff)
