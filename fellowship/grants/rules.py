"""Who may do what with grant applications, eligibility and alumni outcomes.

Program-wide permissions take the Program; fellow permissions take the Fellow;
application permissions take the GrantApplication.
"""

import rules

from fellowship.accounts.roles import memberships
from fellowship.accounts.rules import (
    is_fellow,
    is_program_member,
    is_program_staff,
    is_the_fellow,
)


@rules.predicate
def is_applicant(user, application):
    """The user is the fellow who applies."""
    return application is not None and is_the_fellow(user, application.fellow)


@rules.predicate
def is_application_mentor(user, application):
    """The user is a mentor named on the application or a current mentor of the fellow."""
    if application is None or not user.is_authenticated:
        return False
    found = memberships(user)
    if application.fellow_id in found.mentee_ids:
        return True
    faculty_id = found.faculty_ids.get(application.program_id)
    if faculty_id is None:
        return False
    return any(m.pk == faculty_id for m in application.mentors.all())


# The Grants page: every member sees the applications that concern them.
rules.add_perm("grants.view_applications", is_program_member)
# Start an application: a fellow (their own) or the staff (for any fellow).
rules.add_perm("grants.start_application", is_fellow | is_program_staff)
# Start an application for this fellow.
rules.add_perm("grants.start_application_for", is_the_fellow | is_program_staff)
# An application's page and checklist: the fellow, their mentors, the staff.
rules.add_perm("grants.view_application", is_applicant | is_application_mentor | is_program_staff)
# Move it through the drafting stages, tick the checklist, edit it: the same people.
rules.add_perm(
    "grants.work_on_application", is_applicant | is_application_mentor | is_program_staff
)
# Record the outcome (scored, funded, not funded) and resubmit: the fellow and the staff.
rules.add_perm("grants.record_outcome", is_applicant | is_program_staff)
# The K99 eligibility panel (it shows leave and prior research): the fellow and the staff.
rules.add_perm("grants.view_eligibility", is_the_fellow | is_program_staff)
# Every fellow's window, the postdoctoral start, alumni outcomes and surveys: the staff.
rules.add_perm("grants.view_windows", is_program_staff)
rules.add_perm("grants.manage_grants", is_program_staff)
