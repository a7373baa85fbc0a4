"""Who may do what with the program's core records.

Program-wide permissions take the Program; fellow permissions take the Fellow.
Superusers pass every check through Django's ModelBackend.
"""

import rules

from fellowship.accounts.rules import (
    is_director,
    is_mentor_of,
    is_program_member,
    is_program_staff,
    is_the_fellow,
)

# The program's dashboard and directory (institutions, labs, faculty, topics).
rules.add_perm("programs.view_program", is_program_member)
# Program name, grant number, description.
rules.add_perm("programs.change_program", is_director)
# Create and edit institutions, labs, faculty, fellows, mentorships, leaves, positions; import.
rules.add_perm("programs.manage_records", is_program_staff)
# A fellow states their own research interests (on the placement ranking page, say).
rules.add_perm("programs.edit_interests", is_the_fellow | is_program_staff)
# The list of every fellow, with filters.
rules.add_perm("programs.view_fellow_list", is_program_staff)
# A fellow's record: the program staff, the fellow, and their current mentors.
rules.add_perm("programs.view_fellow", is_program_staff | is_the_fellow | is_mentor_of)
# Citizenship, prior research months, leave: staff and the fellow only.
rules.add_perm("programs.view_fellow_private", is_program_staff | is_the_fellow)
# Link a staff member's account to a fellow or faculty record they accepted: the director.
rules.add_perm("programs.confirm_link", is_director)
